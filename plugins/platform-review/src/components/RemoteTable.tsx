import { Table, type TableColumn } from '@backstage/core-components';
import type {
  ReviewPage,
  ReviewPageQuery,
} from '@internal/plugin-platform-review-common';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import ClearIcon from '@material-ui/icons/Clear';
import SearchIcon from '@material-ui/icons/Search';
import { memo, useCallback, useEffect, useRef, useState } from 'react';

/** Rows per page the tables start with, and what a lead may switch to. */
export const PAGE_SIZE = 20;
const PAGE_SIZES = [20, 50, 100];
/** How long the search waits after the last key before it asks the backend. */
export const SEARCH_DEBOUNCE_MS = 250;

/**
 * The table's search field. It lives outside the table: core-components' Table keeps the
 * toolbar's search text in its own state, so each key press re-rendered the whole table, every
 * row and link (about 60 ms a key at 10,000 services in Chromium). Here a key press renders this
 * field alone, and the table hears of the text once typing pauses.
 */
function SearchField(props: {
  label: string;
  onSearch: (text: string) => void;
}) {
  const { label, onSearch } = props;
  const [text, setText] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const change = (next: string, wait: number) => {
    setText(next);
    clearTimeout(timer.current);
    if (wait === 0) onSearch(next.trim());
    else timer.current = setTimeout(() => onSearch(next.trim()), wait);
  };
  return (
    <TextField
      value={text}
      onChange={event => change(event.target.value, SEARCH_DEBOUNCE_MS)}
      onKeyDown={event => {
        if (event.key === 'Escape' && text) change('', 0);
      }}
      placeholder={label}
      size="small"
      style={{ minWidth: 320 }}
      inputProps={{ 'aria-label': label }}
      InputProps={{
        startAdornment: (
          <InputAdornment position="start">
            <SearchIcon fontSize="small" color="action" />
          </InputAdornment>
        ),
        endAdornment: (
          <InputAdornment position="end">
            <IconButton
              size="small"
              aria-label="Clear search"
              disabled={!text}
              onClick={() => change('', 0)}
            >
              <ClearIcon fontSize="small" />
            </IconButton>
          </InputAdornment>
        ),
      }}
    />
  );
}

/**
 * A core-components Table that asks the backend for one page at a time (material-table's
 * remote data): the page, its size, the search text and the sorted column go to `fetchPage`
 * as offset, limit, search, orderBy and order, so only the visible rows are fetched and
 * rendered (and only their entity refs resolved to names), whatever the size of the catalog.
 * The search field sits above the table (`SearchField`); a search starts again from the first
 * page.
 *
 * The table element is named `label` (material-table offers no prop for it), so a reader or a
 * test finds it by name as it did the plain table. Remount it (`key`) to start again from the
 * first page when what it lists changes (filters, a new snapshot).
 *
 * Memoised: core-components' Table gives material-table new pagination components whenever it
 * renders, so a render caused by the page around it (the review summary arriving after the
 * first page) would remount the page buttons under a lead's click. Its props are stable
 * (`fetchPage` a callback, columns constant).
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
  // material-table's instance: a search asks it for the first page with the new text.
  const table = useRef<{
    onQueryChange: (query: { page: number; search: string }) => void;
  }>();
  const search = useCallback((text: string) => {
    table.current?.onQueryChange({ page: 0, search: text });
  }, []);
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
      <Box display="flex" justifyContent="flex-end" mb={1}>
        <SearchField label={searchPlaceholder} onSearch={search} />
      </Box>
      <Table<T>
        tableRef={table}
        columns={columns}
        data={data}
        options={{
          paging: true,
          pageSize: PAGE_SIZE,
          pageSizeOptions: PAGE_SIZES,
          search: false,
          padding: 'dense',
          toolbar: false,
          emptyRowsWhenPaging: false,
          draggable: false,
        }}
        localization={{
          body: { emptyDataSourceMessage: emptyMessage },
        }}
      />
    </div>
  );
}
