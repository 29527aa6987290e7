import htm from 'htm/mini';
import { h } from 'preact';

/** Tagged templates over preact's `h`: no build step, no string-to-code sinks (htm/mini parses, never evals). */
export const html = htm.bind(h);
