import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  createContext,
  type ReactNode,
  startTransition,
  useContext,
  useEffect,
  useRef,
  useState,
} from 'react';

/** How far below (or above) the window a deferred section starts rendering. */
const REVEAL_MARGIN = '400px 0px';

const DeferredContext = createContext(false);

/**
 * Sections below this render their contents only when a reader gets near them (scrolls to
 * within 400 px, or moves the keyboard focus there); their titles are there from the start.
 * The review's lower sections each fetch a page and draw a table of links: rendering them
 * while a lead reads and searches the ownership map at the top kept the browser's main thread
 * busy for seconds at 10,000 services (docs/benchmarks.md). Without IntersectionObserver
 * (old browsers, jsdom) everything renders at once.
 */
export function RenderWhenNear(props: { children: ReactNode }) {
  return (
    <DeferredContext.Provider value>{props.children}</DeferredContext.Provider>
  );
}

/**
 * One part of the review: a card whose region is named by its title, so a reader (or a test)
 * finds "SLO achievability" by name. Under `RenderWhenNear` its contents wait for the reader.
 */
export function Section(props: {
  title: string;
  subheader?: string;
  children: ReactNode;
}) {
  const { title, subheader, children } = props;
  const deferred = useContext(DeferredContext);
  const [shown, setShown] = useState(
    () => !deferred || typeof IntersectionObserver === 'undefined',
  );
  const region = useRef<HTMLElement>(null);
  // Set when the contents replace a placeholder that had the keyboard focus: the focus then
  // moves to the section instead of being lost with the placeholder's button.
  const refocus = useRef(false);

  useEffect(() => {
    const element = region.current;
    if (shown || !element) return undefined;
    const observer = new IntersectionObserver(
      entries => {
        if (!entries.some(entry => entry.isIntersecting)) return;
        refocus.current = element.contains(document.activeElement);
        // At low priority: a lead typing or clicking meanwhile comes first.
        startTransition(() => setShown(true));
      },
      { rootMargin: REVEAL_MARGIN },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [shown]);

  useEffect(() => {
    if (shown && refocus.current) {
      refocus.current = false;
      const element = region.current;
      if (!element) return;
      // Focusable for this once, so a click inside the section later does not focus it.
      element.setAttribute('tabindex', '-1');
      element.addEventListener(
        'blur',
        () => element.removeAttribute('tabindex'),
        { once: true },
      );
      element.focus();
    }
  }, [shown]);

  return (
    <section aria-label={title} ref={region}>
      <InfoCard title={title} subheader={subheader}>
        {shown ? (
          children
        ) : (
          <Box minHeight={200} display="flex" alignItems="flex-start">
            <Button
              variant="text"
              color="primary"
              onClick={() => {
                refocus.current = true;
                setShown(true);
              }}
            >
              Show {title}
            </Button>
          </Box>
        )}
      </InfoCard>
    </section>
  );
}

/** What an empty section means, and what would fill it. */
export function EmptyState(props: { children: ReactNode }) {
  return (
    <Typography variant="body2" color="textSecondary">
      {props.children}
    </Typography>
  );
}
