import { z } from 'zod';
import { externalIdSchema, pageOf, pageQuerySchema, referralCodeSchema, textSchema, timestampSchema } from './api-common';

/** The language a distributor's emails are written in (`en` unless set). */
export const distributorLocaleSchema = z.enum(['en', 'zh-CN']);

/** A distributor's status. Only `active` distributors earn. */
export const distributorStatusSchema = z.enum(['active', 'pending', 'suspended']);

/** `POST /v1/distributors`. Without `code` one is generated; `parentCode` sets the parent (once). */
export const distributorCreateSchema = z.strictObject({
  externalId: externalIdSchema.optional(),
  email: z.email().max(254).optional(),
  name: textSchema(200).min(1, 'name is required'),
  code: referralCodeSchema.optional(),
  parentCode: referralCodeSchema.optional(),
  grade: z.string().min(1).max(64).optional(),
  status: distributorStatusSchema.optional(),
  locale: distributorLocaleSchema.optional(),
});

/** `PATCH /v1/distributors/{id}`: at least one field. `parentId: null` detaches; a move forming a cycle is 422. */
export const distributorPatchSchema = z
  .strictObject({
    status: distributorStatusSchema.optional(),
    grade: z.string().min(1).max(64).nullable().optional(),
    parentId: z.string().min(1).max(64).nullable().optional(),
    name: textSchema(200).min(1).optional(),
    email: z.email().max(254).nullable().optional(),
    locale: distributorLocaleSchema.optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change: give status, grade, parentId, name, email or locale' });

/** A distributor. */
export const distributorSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  externalId: z.string().nullable(),
  parentId: z.string().nullable(),
  status: distributorStatusSchema,
  grade: z.string().nullable(),
  /** The language of the distributor's emails; null: English. */
  locale: distributorLocaleSchema.nullable().optional(),
  createdAt: timestampSchema,
});

/** `GET /v1/distributors?limit=&cursor=&q=&status=&sort=`. `q` searches code, name and email. */
export const distributorListQuerySchema = pageQuerySchema.extend({
  q: z.string().max(100).optional(),
  status: distributorStatusSchema.optional(),
  parentId: z.string().max(64).optional(),
  sort: z.enum(['createdAt', '-createdAt', 'code', 'name']).default('-createdAt'),
});

export const distributorPageSchema = pageOf(distributorSchema);

/** `GET /v1/public/distributors/{code}?key=`: what a page may show ("invited by …"). */
export const publicDistributorSchema = z.object({ code: z.string(), displayName: z.string() });

export type DistributorStatus = z.infer<typeof distributorStatusSchema>;
export type DistributorLocale = z.infer<typeof distributorLocaleSchema>;
export type DistributorCreate = z.input<typeof distributorCreateSchema>;
export type DistributorPatch = z.input<typeof distributorPatchSchema>;
export type Distributor = z.infer<typeof distributorSchema>;
export type DistributorListQuery = z.input<typeof distributorListQuerySchema>;
export type DistributorPage = z.infer<typeof distributorPageSchema>;
export type PublicDistributor = z.infer<typeof publicDistributorSchema>;
