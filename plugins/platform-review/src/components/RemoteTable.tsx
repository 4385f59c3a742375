import { Table, type TableColumn } from '@backstage/core-components';
import type {
  ReviewPage,
  ReviewPageQuery,
} from '@internal/plugin-platform-review-common';
import { memo, useCallback, useEffect, useRef } from 'react';

/** Rows per page the tables start with, and what a lead may switch to. */
export const PAGE_SIZE = 20;
const PAGE_SIZES = [20, 50, 100];

/**
 * A core-components Table that asks the backend for one page at a time (material-table's
 * remote data): the page, its size, the search text and the sorted column go to `fetchPage`
 * as offset, limit, search, orderBy and order, so only the visible rows are fetched and
 * rendered (and only their entity refs resolved to names), whatever the size of the catalog.
 *
 * The table element is named `label` (material-table offers no prop for it), so a reader or a
 * test finds it by name as it did the plain table. Remount it (`key`) to start again from the
 * first page when what it lists changes (filters, a new snapshot).
 *
 * Memoised: core-components' Table gives material-table new toolbar and pagination components
 * whenever it renders, so a render caused by the page around it (the review summary arriving
 * after the first page) would remount the search field under a lead's typing and the page
 * buttons under their click. Its props are stable (`fetchPage` a callback, columns constant).
 */
export const RemoteTable = memo(
  RemoteTableUnmemoised,
) as typeof RemoteTableUnmemoised;

function RemoteTableUnmemoised<T extends object>(props: {
  label: string;
  columns: TableColumn<T>[];
  fetchPage: (query: ReviewPageQuery) => Promise<ReviewPage<T>>;
  searchPlaceholder: string;
  emptyMessage: string;
}) {
  const { label, columns, fetchPage, searchPlaceholder, emptyMessage } = props;
  const wrapper = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The first table is the rows'; material-table renders its pagination in a second one.
    wrapper.current?.querySelector('table')?.setAttribute('aria-label', label);
  });
  const data = useCallback(
    async (query: {
      page: number;
      pageSize: number;
      search: string;
      orderBy?: { field?: unknown };
      orderDirection?: string;
    }) => {
      const field =
        typeof query.orderBy?.field === 'string'
          ? query.orderBy.field
          : undefined;
      const page = await fetchPage({
        offset: query.page * query.pageSize,
        limit: query.pageSize,
        ...(query.search ? { search: query.search } : {}),
        ...(field
          ? {
              orderBy: field as ReviewPageQuery['orderBy'],
              order: query.orderDirection === 'desc' ? 'desc' : 'asc',
            }
          : {}),
      });
      // A page past the end (rows gone since the last refresh): material-table shows the
      // page it is given.
      return {
        data: page.items,
        page: Math.floor(page.offset / query.pageSize),
        totalCount: page.totalCount,
      };
    },
    [fetchPage],
  );
  return (
    <div ref={wrapper}>
      <Table<T>
        columns={columns}
        data={data}
        options={{
          paging: true,
          pageSize: PAGE_SIZE,
          pageSizeOptions: PAGE_SIZES,
          search: true,
          debounceInterval: 250,
          padding: 'dense',
          toolbar: true,
          showTitle: false,
          emptyRowsWhenPaging: false,
          draggable: false,
        }}
        localization={{
          toolbar: {
            searchPlaceholder,
            searchTooltip: searchPlaceholder,
            searchAriaLabel: searchPlaceholder,
          },
          body: { emptyDataSourceMessage: emptyMessage },
        }}
      />
    </div>
  );
}
