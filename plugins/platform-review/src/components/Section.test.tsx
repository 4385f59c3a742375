import { renderInTestApp } from '@backstage/frontend-test-utils';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RenderWhenNear, Section } from './Section';

/**
 * The browser's IntersectionObserver, driven by the test: `enter()` tells every observer that
 * its element came within its margin of the window, as scrolling there would.
 */
class FakeIntersectionObserver {
  static instances: FakeIntersectionObserver[] = [];
  readonly elements = new Set<Element>();
  constructor(
    private readonly callback: IntersectionObserverCallback,
    readonly options?: IntersectionObserverInit,
  ) {
    FakeIntersectionObserver.instances.push(this);
  }
  observe(element: Element) {
    this.elements.add(element);
  }
  unobserve(element: Element) {
    this.elements.delete(element);
  }
  disconnect() {
    this.elements.clear();
  }
  takeRecords() {
    return [];
  }
  static enter(title: string) {
    for (const observer of FakeIntersectionObserver.instances) {
      for (const element of observer.elements) {
        if (element.getAttribute('aria-label') !== title) continue;
        observer.callback(
          [
            {
              isIntersecting: true,
              target: element,
            } as IntersectionObserverEntry,
          ],
          observer as unknown as IntersectionObserver,
        );
      }
    }
  }
}

describe('Section', () => {
  const original = window.IntersectionObserver;
  beforeEach(() => {
    FakeIntersectionObserver.instances = [];
    window.IntersectionObserver =
      FakeIntersectionObserver as unknown as typeof IntersectionObserver;
  });
  afterEach(() => {
    window.IntersectionObserver = original;
  });

  const page = (
    <>
      <Section title="Ownership map">
        <p>the map</p>
      </Section>
      <RenderWhenNear>
        <Section
          title="SLO achievability"
          subheader="Declared against achievable"
        >
          <p>the SLO table</p>
        </Section>
        <Section title="Not yet">
          <p>the deferred decisions</p>
        </Section>
      </RenderWhenNear>
    </>
  );

  it('renders a deferred section once the reader scrolls near it, its title from the start', async () => {
    await renderInTestApp(page);
    expect(screen.getByText('the map')).toBeInTheDocument();
    const slo = screen.getByRole('region', { name: 'SLO achievability' });
    expect(within(slo).getByText('SLO achievability')).toBeInTheDocument();
    expect(
      within(slo).getByText('Declared against achievable'),
    ).toBeInTheDocument();
    expect(screen.queryByText('the SLO table')).not.toBeInTheDocument();
    // Within 400 px of the window, not only once on screen.
    expect(FakeIntersectionObserver.instances[0].options?.rootMargin).toBe(
      '400px 0px',
    );

    act(() => FakeIntersectionObserver.enter('SLO achievability'));
    expect(await screen.findByText('the SLO table')).toBeInTheDocument();
    // Only the section the reader got to.
    expect(
      screen.queryByText('the deferred decisions'),
    ).not.toBeInTheDocument();
  });

  it('is reachable from the keyboard: its button shows it and the focus moves into the section', async () => {
    await renderInTestApp(page);
    const notYet = screen.getByRole('region', { name: 'Not yet' });
    const show = within(notYet).getByRole('button', { name: 'Show Not yet' });
    show.focus();
    await userEvent.keyboard('{Enter}');
    expect(
      await within(notYet).findByText('the deferred decisions'),
    ).toBeInTheDocument();
    expect(notYet).toHaveFocus();
    // Focusable for that once only.
    await userEvent.tab();
    expect(notYet).not.toHaveAttribute('tabindex');
  });

  it('keeps the focus when scrolling to a focused placeholder reveals the section', async () => {
    await renderInTestApp(page);
    const slo = screen.getByRole('region', { name: 'SLO achievability' });
    within(slo).getByRole('button', { name: 'Show SLO achievability' }).focus();
    act(() => FakeIntersectionObserver.enter('SLO achievability'));
    expect(await within(slo).findByText('the SLO table')).toBeInTheDocument();
    expect(slo).toHaveFocus();
  });

  it('renders everything at once where the browser has no IntersectionObserver', async () => {
    window.IntersectionObserver =
      undefined as unknown as typeof IntersectionObserver;
    await renderInTestApp(page);
    expect(screen.getByText('the SLO table')).toBeInTheDocument();
    expect(screen.getByText('the deferred decisions')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Show / }),
    ).not.toBeInTheDocument();
  });
});
