import SvgIcon from '@material-ui/core/SvgIcon';

/** A bar chart on a baseline: the sidebar's "Review" icon. */
export function ReviewIcon() {
  return (
    <SvgIcon>
      <path d="M3 19h18v2H3zM5 10h3v8H5zm5.5-5h3v13h-3zM16 13h3v5h-3z" />
    </SvgIcon>
  );
}
