import type { MedusaContainer } from '@medusajs/framework/types';
import { TWOTIER_MODULE } from '../constants';
import type TwotierModuleService from '../modules/twotier/service';

/** Every 10 s: delivers what is due in the outbox (rows waiting out their backoff stay until their time). */
export default async function twotierOutboxJob(container: MedusaContainer): Promise<void> {
  await container.resolve<TwotierModuleService>(TWOTIER_MODULE).flush();
}

export const config = {
  name: 'twotier-outbox',
  schedule: { interval: 10_000 },
};
