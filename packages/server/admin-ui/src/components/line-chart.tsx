import { useEffect, useRef, useState } from 'preact/hooks';

/** One line of a chart. */
export interface Series {
  label: string;
  values: number[];
  /** CSS color. */
  color: string;
  format: (n: number) => string;
  /** Axis labels (default: `format`); keep them short. */
  axis?: (n: number) => string;
  /** Whole numbers only (counts): axis ticks stay integers. */
  integer?: boolean;
  /** Draw against the right-hand axis. */
  right?: boolean;
}

const HEIGHT = 240;
const PAD = { top: 12, right: 64, bottom: 28, left: 64 };

const niceMax = (n: number, integer = false): number => {
  // four intervals: whole-number axes need a multiple of 4
  if (integer) return Math.max(4, Math.ceil(niceMax(n) / 4) * 4);
  if (n <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((x) => x >= n) ?? n;
};

/**
 * A daily line chart in plain SVG: fixed height (no layout shift), hover
 * or arrow keys show the values of a day.
 */
export function LineChart({ labels, series, title }: { labels: string[]; series: Series[]; title: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);
  const [hover, setHover] = useState<number | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => e && setWidth(Math.max(240, Math.floor(e.contentRect.width))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const n = labels.length;
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const maxL = niceMax(Math.max(0, ...series.filter((s) => !s.right).flatMap((s) => s.values)), series.some((s) => !s.right && s.integer));
  const maxR = niceMax(Math.max(0, ...series.filter((s) => s.right).flatMap((s) => s.values)), series.some((s) => s.right && s.integer));
  const y = (v: number, right?: boolean) => PAD.top + plotH - (v / (right ? maxR : maxL)) * plotH;
  const left = series.find((s) => !s.right);
  const right = series.find((s) => s.right);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const every = Math.max(1, Math.ceil(n / Math.max(2, Math.floor(plotW / 90))));
  const onMove = (e: PointerEvent) => {
    const rect = (e.currentTarget as SVGElement).getBoundingClientRect();
    const px = ((e.clientX - rect.left) * width) / rect.width;
    setHover(Math.min(n - 1, Math.max(0, Math.round(((px - PAD.left) / plotW) * (n - 1)))));
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowRight') setHover((h) => Math.min(n - 1, (h ?? -1) + 1));
    else if (e.key === 'ArrowLeft') setHover((h) => Math.max(0, (h ?? n) - 1));
    else return;
    e.preventDefault();
  };
  const tipLeft = hover !== null && x(hover) > width / 2;
  return (
    <figure class="chart" ref={box}>
      <figcaption>
        {title}
        <span class="legend">
          {series.map((s) => (
            <span key={s.label}>
              <i style={{ background: s.color }} />
              {s.label}
            </span>
          ))}
        </span>
      </figcaption>
      <div class="chart-area">
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so the arrow keys move the readout from point to point */}
        <svg width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} role="img" aria-label={title} tabIndex={0}
          onPointerMove={onMove} onPointerLeave={() => setHover(null)} onKeyDown={onKey} onBlur={() => setHover(null)}>
          {ticks.map((f) => (
            <g key={f}>
              <line x1={PAD.left} x2={width - PAD.right} y1={PAD.top + plotH * (1 - f)} y2={PAD.top + plotH * (1 - f)} class="grid" />
              {left ? <text x={PAD.left - 6} y={PAD.top + plotH * (1 - f) + 4} text-anchor="end" class="axis">{(left.axis ?? left.format)(Math.round(maxL * f))}</text> : null}
              {right ? <text x={width - PAD.right + 6} y={PAD.top + plotH * (1 - f) + 4} class="axis">{(right.axis ?? right.format)(Math.round(maxR * f))}</text> : null}
            </g>
          ))}
          {labels.map((l, i) => (i % every === 0 ? <text key={l} x={x(i)} y={HEIGHT - 8} text-anchor="middle" class="axis">{l.slice(5)}</text> : null))}
          {series.map((s) => (
            <polyline key={s.label} fill="none" stroke={s.color} stroke-width="2" stroke-linejoin="round" points={s.values.map((v, i) => `${x(i)},${y(v, s.right)}`).join(' ')} />
          ))}
          {hover !== null ? (
            <g>
              <line x1={x(hover)} x2={x(hover)} y1={PAD.top} y2={PAD.top + plotH} class="cursor" />
              {series.map((s) => <circle key={s.label} cx={x(hover)} cy={y(s.values[hover] ?? 0, s.right)} r="4" fill={s.color} />)}
            </g>
          ) : null}
        </svg>
        {hover !== null ? (
          <div class="tooltip" role="status" style={{ left: tipLeft ? undefined : `${x(hover) + 12}px`, right: tipLeft ? `${width - x(hover) + 12}px` : undefined }}>
            <strong>{labels[hover]}</strong>
            {series.map((s) => (
              <div key={s.label}>
                <i style={{ background: s.color }} /> {s.label}: {s.format(s.values[hover] ?? 0)}
              </div>
            ))}
          </div>
        ) : null}
      </div>
    </figure>
  );
}
