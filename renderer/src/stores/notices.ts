import { create } from 'zustand';
import { registerProfileScoped } from './profile-scope';

/** A button on a notice, such as "Undo". */
export interface NoticeAction {
  label: string;
  run: () => void;
}

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
  action?: NoticeAction;
}

interface NoticesState {
  notices: Notice[];
  push: (kind: Notice['kind'], text: string, action?: NoticeAction) => void;
  dismiss: (id: number) => void;
}

let nextId = 1;

export const useNotices = create<NoticesState>((set, get) => ({
  notices: [],
  push: (kind, text, action) => {
    const notice: Notice = { id: nextId++, kind, text, ...(action ? { action } : {}) };
    set({ notices: [...get().notices.filter((n) => n.text !== text), notice].slice(-4) });
    // One with a button stays long enough to read and reach it.
    if (kind === 'info') setTimeout(() => get().dismiss(notice.id), action ? 10_000 : 5000);
  },
  dismiss: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
}));

// Every notice speaks of the current profile's doings (a rating cleared, a movie hidden, an
// import undone), often with an Undo for it: the next profile sees none of them.
registerProfileScoped(() => useNotices.setState({ notices: [] }));
