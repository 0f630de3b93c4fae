import { act, renderHook, waitFor } from '@testing-library/react';
import { useNavigation } from '../../renderer/src/stores/navigation';
import { useScrollMemory } from '../../renderer/src/util/scroll-memory';
import { resetStores } from './reset-stores';

/** A scrolling element as a browser lays it out: scrollTop held within its content's height. */
function scroller(view = 600) {
  const element = document.createElement('div');
  let top = 0;
  let content = 3000;
  Object.defineProperty(element, 'clientHeight', { get: () => view });
  Object.defineProperty(element, 'scrollHeight', { get: () => content });
  Object.defineProperty(element, 'scrollTop', {
    get: () => top,
    set: (v: number) => (top = Math.max(0, Math.min(v, content - view))),
  });
  element.scrollTo = ((options: ScrollToOptions) => {
    element.scrollTop = options.top ?? 0;
  }) as typeof element.scrollTo;
  const scrollBy = (to: number) => {
    element.scrollTop = to;
    element.dispatchEvent(new Event('scroll'));
  };
  /** The page's content changes height, as a list loads; the browser clamps the scroll. */
  const grow = (height: number) => {
    content = height;
    element.scrollTop = top;
  };
  return { element, scrollBy, grow };
}

function useMemoryOf(element: HTMLElement) {
  const find = () => element;
  return () => {
    const { visit, screen } = useNavigation();
    useScrollMemory(find, visit, screen);
  };
}

describe('where a page was scrolled to', () => {
  beforeEach(() => {
    resetStores();
    useNavigation.setState({ screen: 'forYou', movieId: null, history: [], cameBack: false });
  });

  it('comes back with Back, once the page is tall enough again, and a page opened anew starts at its top', async () => {
    const page = scroller();
    renderHook(useMemoryOf(page.element));
    page.scrollBy(1400);
    act(() => useNavigation.getState().openMovie(2571));
    expect(page.element.scrollTop).toBe(0);
    page.scrollBy(300); // down the movie's page
    // Back to For you, whose list is still loading: the page is short for a moment.
    act(() => {
      page.grow(800);
      useNavigation.getState().back();
    });
    expect(page.element.scrollTop).toBe(200); // as far down as the short page goes
    act(() => page.grow(4000));
    await waitFor(() => expect(page.element.scrollTop).toBe(1400));

    act(() => useNavigation.getState().openMovie(2571));
    act(() => useNavigation.getState().go('forYou'));
    expect(page.element.scrollTop).toBe(0);
  });

  it('brings back each visit of a movie opened twice in one chain where that visit was left', async () => {
    const page = scroller();
    renderHook(useMemoryOf(page.element));
    const open = (movieId: number, scrollTo: number) => {
      act(() => useNavigation.getState().openMovie(movieId));
      page.scrollBy(scrollTo);
    };
    open(1200, 900); // Aliens, down to its similar movies
    open(1214, 400); // Alien
    open(1200, 100); // Aliens again, from Alien's page
    const back = async (expected: number) => {
      act(() => useNavigation.getState().back());
      await waitFor(() => expect(page.element.scrollTop).toBe(expected));
    };
    await back(400); // Alien
    await back(900); // the first visit of Aliens, not the second's 100
  });

  it('leaves the page where the person scrolls it while it is still loading', async () => {
    const page = scroller();
    renderHook(useMemoryOf(page.element));
    page.scrollBy(1400);
    act(() => useNavigation.getState().openMovie(2571));
    act(() => {
      page.grow(900);
      useNavigation.getState().back();
    });
    page.element.dispatchEvent(new Event('wheel'));
    page.scrollBy(100);
    act(() => page.grow(4000));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(page.element.scrollTop).toBe(100);
  });
});
