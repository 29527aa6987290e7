import { Module } from '@medusajs/framework/utils';
import { TWOTIER_MODULE } from '../../constants';
import TwotierModuleService from './service';

export default Module(TWOTIER_MODULE, { service: TwotierModuleService });
