/**
 * What a schema issue carries in `params` when it is a refusal with its own
 * error code (`unknown_grade`, `too_many_levels`) rather than one of a list
 * of field problems. `overrides`: it answers even beside other issues.
 */
export interface IssueCode {
  code: string;
  overrides?: true;
}

const codeOf = (issue: { params?: unknown }): IssueCode | null => {
  const params = issue.params as Partial<IssueCode> | undefined;
  return params && typeof params.code === 'string' ? { code: params.code, ...(params.overrides === true ? { overrides: true as const } : {}) } : null;
};

/**
 * The error a failed parse answers with, when one of its issues carries its
 * own code: the first issue that overrides the rest (a third level is
 * refused as `too_many_levels` whatever else is wrong), else the first coded
 * issue when every issue is coded (a rule naming an unknown grade, in an
 * otherwise valid program, is `unknown_grade`). `null` means: answer the
 * list of issues (`validation_failed`).
 *
 * @example
 * const r = programSchema.safeParse({ levels: 3, defaultRates: { level1Bps: 1000, level2Bps: 500 } });
 * codedIssue(r.error!.issues) // { code: 'too_many_levels', message: 'levels must be 1 or 2, not 3: …' }
 */
export function codedIssue(issues: readonly { message: string; params?: unknown }[]): { code: string; message: string } | null {
  const coded = issues.map((issue) => ({ issue, code: codeOf(issue) }));
  const pick = coded.find((c) => c.code?.overrides) ?? (coded.length > 0 && coded.every((c) => c.code) ? coded[0] : undefined);
  return pick?.code ? { code: pick.code.code, message: pick.issue.message } : null;
}
