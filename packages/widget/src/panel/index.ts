export { mount } from './mount';
