type Json = Record<string, any>;

const esc = (s: unknown): string => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const schemaBlock = (title: string, schema: unknown) =>
  schema ? `<details><summary>${esc(title)}</summary><pre>${esc(JSON.stringify(schema, null, 2))}</pre></details>` : '';

/**
 * The API reference page (`/docs`): the OpenAPI document rendered on the
 * server as one self-contained HTML page, grouped by tag, without scripts
 * or anything loaded from elsewhere.
 */
export function renderDocsPage(doc: Json): string {
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const [method, o] of Object.entries(methods)) {
      const tag = (o.tags?.[0] as string) ?? 'Other';
      const auth = (o.security as Json[]).map((s) => Object.keys(s).join('+')).join(' or ') || 'none';
      const success = Object.entries(o.responses as Json).find(([code]) => code.startsWith('2'));
      const params = (o.parameters ?? []) as Json[];
      const html = `<section class="op"><h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p>${esc(o.summary)} <small>auth: ${esc(auth)}</small></p>
${params.length ? `<p class="params">${params.map((p) => `<code>${esc(p.name)}</code> <small>(${esc(p.in)}${p.required ? ', required' : ''})</small>`).join(' · ')}</p>` : ''}
${schemaBlock('request body', o.requestBody?.content?.['application/json']?.schema)}
${success ? schemaBlock(`${success[0]} response`, success[1].content?.['application/json']?.schema) : ''}</section>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const toc = [...byTag.keys()].map((t) => `<a href="#${esc(t.replace(/\W+/g, '-'))}">${esc(t)}</a>`).join(' · ');
  const body = [...byTag].map(([t, ops]) => `<h2 id="${esc(t.replace(/\W+/g, '-'))}">${esc(t)}</h2>${ops.join('\n')}`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(doc.info.title)} reference</title><style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1f}
code,pre{font-family:ui-monospace,monospace}pre{background:#f5f5f7;padding:.75rem;overflow:auto;font-size:12px}
.op{border-top:1px solid #ddd;padding:.5rem 0}.m{display:inline-block;min-width:4.5rem;font-size:12px;padding:2px 6px;border-radius:4px;color:#fff;background:#555}
.get{background:#2a7ab8}.post{background:#2b8a3e}.put,.patch{background:#b8860b}.delete{background:#c92a2a}small{color:#666}
</style></head><body><h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1><p>${esc(doc.info.description)}</p>
<p>Machine-readable: <a href="/v1/openapi.json">/v1/openapi.json</a> (OpenAPI ${esc(doc.openapi)})</p><nav>${toc}</nav>${body}</body></html>`;
}
