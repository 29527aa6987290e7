import type { DistributorTableQuery } from '@twotier/core/schema';
import { useEffect, useState } from 'preact/hooks';
import { api, withQuery } from '../api';
import { Notice, PageHeader, Pager, Pill } from '../components/ui';
import { count, date, money } from '../format';
import { t } from '../i18n';
import { BASE, onLink } from '../router';
import { useSession } from '../session';
import { useAsync } from '../use-async';
import { AddDistributorDialog } from './distributor-add';

/** A row of `GET /v1/admin/reports/distributors`. */
export interface DistributorRow {
  id: string;
  code: string;
  name: string;
  email: string | null;
  parentId: string | null;
  parentCode: string | null;
  grade: string | null;
  status: string;
  recruits: number;
  sales: number;
  orders: number;
  commissions: number;
  lastActivityAt: string | null;
  createdAt: string;
}

/** An order of the table, as its query schema lists them. */
type Sort = NonNullable<DistributorTableQuery['sort']>;

/** The numeric columns the table sorts by from their header, largest first on the first click. */
type SortColumn = 'recruits' | 'sales' | 'commissions' | 'lastActivity';

/** A column header that sorts the table by its column; `aria-sort` tells which way. */
function SortHeader(props: { col: SortColumn; label: string; sort: Sort; onSort: (sort: Sort) => void; num?: boolean }) {
  const { col, label, sort, onSort } = props;
  const dir = sort === `-${col}` ? 'descending' : sort === col ? 'ascending' : 'none';
  return (
    <th class={props.num ? 'num' : undefined} aria-sort={dir}>
      <button type="button" class="sort" title={t('sortColumn', { col: label })} onClick={() => onSort(dir === 'descending' ? col : `-${col}`)}>
        {label}<span class="arrow" aria-hidden="true">{dir === 'descending' ? '↓' : dir === 'ascending' ? '↑' : ''}</span>
      </button>
    </th>
  );
}

/** Searchable, sortable, server-paged table of distributors. */
export function Distributors() {
  const { session } = useSession();
  const cur = session.shop.currency;
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<DistributorTableQuery['status']>(undefined);
  const [sort, setSort] = useState<Sort>('-createdAt');
  const [cursors, setCursors] = useState<string[]>([]);
  const [adding, setAdding] = useState(false);
  useEffect(() => {
    const id = setTimeout(() => { setSearch(q.trim()); setCursors([]); }, 250);
    return () => clearTimeout(id);
  }, [q]);
  const cursor = cursors[cursors.length - 1];
  const onSort = (next: Sort) => { setSort(next); setCursors([]); };
  const { data, error, loading, reload } = useAsync(
    () => api('GET', withQuery('/v1/admin/reports/distributors', { q: search, status, sort, cursor, limit: 25 })),
    [search, status, sort, cursor],
  );
  return (
    <>
      <PageHeader title={t('distributors')}>
        <button type="button" class="primary" data-action="add-distributor" onClick={() => setAdding(true)}>+ {t('addDistributor')}</button>
      </PageHeader>
      <AddDistributorDialog open={adding} onClose={() => setAdding(false)} onAdded={reload} />
      <div class="toolbar">
        <input type="search" placeholder={t('search')} aria-label={t('search')} value={q} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} />
        <select aria-label={t('status')} value={status ?? ''} onChange={(e) => { setStatus(((e.currentTarget as HTMLSelectElement).value || undefined) as DistributorTableQuery['status']); setCursors([]); }}>
          <option value="">{t('status')}: {t('all')}</option>
          <option value="active">{t('active')}</option>
          <option value="pending">{t('pending')}</option>
          <option value="suspended">{t('suspended')}</option>
        </select>
        <select aria-label={t('sortBy')} value={sort} onChange={(e) => { setSort((e.currentTarget as HTMLSelectElement).value as Sort); setCursors([]); }}>
          <option value="-createdAt">{t('sortNewest')}</option>
          <option value="createdAt">{t('sortOldest')}</option>
          <option value="code">{t('sortCode')}</option>
          <option value="name">{t('sortName')}</option>
          <option value="-sales">{t('sortSales')}</option>
          <option value="-commissions">{t('sortCommissions')}</option>
          <option value="-recruits">{t('sortRecruits')}</option>
          <option value="-lastActivity">{t('sortLastActivity')}</option>
          {/^(sales|commissions|recruits|lastActivity)$/.test(sort) ? <option value={sort}>{t('sortColumn', { col: t(sort as SortColumn) })} ↑</option> : null}
        </select>
      </div>
      <Notice error={error} />
      <div class={`table-wrap ${loading ? 'is-loading' : ''}`}>
        <table class="table stack">
          <thead>
            <tr>
              <th>{t('code')}</th><th>{t('name')}</th><th>{t('parent')}</th><th>{t('grade')}</th><th>{t('status')}</th>
              <SortHeader col="recruits" label={t('recruits')} sort={sort} onSort={onSort} num />
              <SortHeader col="sales" label={t('sales')} sort={sort} onSort={onSort} num />
              <SortHeader col="commissions" label={t('commissions')} sort={sort} onSort={onSort} num />
              <SortHeader col="lastActivity" label={t('lastActivity')} sort={sort} onSort={onSort} />
            </tr>
          </thead>
          <tbody>
            {data?.data.map((d) => (
              <tr key={d.id}>
                <td class="stack-head"><a href={`${BASE}/distributors/${d.id}`} onClick={onLink(`/distributors/${d.id}`)}>{d.code}</a></td>
                <td data-label={t('name')}>{d.name}</td>
                <td data-label={t('parent')}>{d.parentCode ?? '—'}</td>
                <td data-label={t('grade')}>{d.grade ?? '—'}</td>
                <td data-label={t('status')}><Pill status={d.status} /></td>
                <td data-label={t('recruits')} class="num">{count(d.recruits)}</td>
                <td data-label={t('sales')} class="num">{money(d.sales, cur)}</td>
                <td data-label={t('commissions')} class="num">{money(d.commissions, cur)}</td>
                <td data-label={t('lastActivity')}>{date(d.lastActivityAt)}</td>
              </tr>
            ))}
            {data && data.data.length === 0 ? <tr><td colSpan={9} class="empty">{t('nothing')}</td></tr> : null}
          </tbody>
        </table>
      </div>
      <Pager cursors={cursors} next={data?.nextCursor} onPage={setCursors} total={data && data.total !== null ? t('total', { n: count(data.total) }) : ''} />
    </>
  );
}
