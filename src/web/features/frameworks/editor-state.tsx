// The framework screens' shared state: the API (replaceable in tests) and, for one version, the
// working copy every edit page changes. Each change is written to localStorage at once.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { Framework } from '#shared/schemas/framework.ts';
import { ApiFailure } from '#web/sync/api-client.ts';
import { useServices } from '#web/services/services-context.tsx';
import type { FrameworkApi } from '#web/sync/framework-api.ts';
import {
  checkDraft,
  readStoredDraft,
  removeStoredDraft,
  writeStoredDraft,
  type CheckedDraft,
  type EditableFramework,
} from './editor-model.ts';

export function useFrameworkApi(): FrameworkApi {
  return useServices().frameworks;
}

/** What to tell the author when a call failed, in words. */
export function describeFailure(error: unknown): string {
  if (error instanceof ApiFailure) {
    if (error.kind === 'network')
      return 'You appear to be offline. Framework authoring needs a connection to the server: try again when you are online.';
    if (error.kind === 'unauthenticated' || error.kind === 'session-expired')
      return 'Your session has ended. Sign in again to continue; your changes are kept on this device.';
    if (error.kind === 'forbidden') return 'Only QA leads and administrators can author frameworks.';
    return error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}

export const isOffline = (error: unknown): boolean => error instanceof ApiFailure && error.kind === 'network';

export type EditorLoad =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'missing' } | { status: 'ready' };

export type FrameworkEditor = {
  id: string;
  version: number;
  load: EditorLoad;
  doc: EditableFramework;
  /** The server's status for this version, or null when only this device has it. */
  serverStatus: 'draft' | 'published' | null;
  /** The working copy differs from the server's (or the server has none). */
  hasUnsavedChanges: boolean;
  /** Why the server's copy could not be read (offline): the editor works on this device's copy. */
  loadNotice: string | null;
  /** Set when the browser refused to keep the working copy. */
  storageRefused: boolean;
  jsonTexts: Record<string, string>;
  checked: CheckedDraft;
  update: (change: (draft: EditableFramework) => void) => void;
  setJsonText: (path: string, text: string | null) => void;
  /** Stores the working copy on the server as this draft version. */
  save: () => Promise<Framework>;
  publish: () => Promise<Framework>;
  /** Forgets this device's unsaved changes and reloads the server's copy. */
  discard: () => void;
};

const EditorContext = createContext<FrameworkEditor | null>(null);

export function useEditor(): FrameworkEditor {
  const editor = useContext(EditorContext);
  if (!editor) throw new Error('useEditor outside FrameworkEditorProvider');
  return editor;
}

const PLACEHOLDER = {} as EditableFramework;

export function FrameworkEditorProvider({
  id,
  version,
  children,
}: {
  id: string;
  version: number;
  children: ReactNode;
}) {
  const api = useFrameworkApi();
  const [load, setLoad] = useState<EditorLoad>({ status: 'loading' });
  const [doc, setDoc] = useState<EditableFramework>(PLACEHOLDER);
  const [jsonTexts, setJsonTexts] = useState<Record<string, string>>({});
  const [serverStatus, setServerStatus] = useState<'draft' | 'published' | null>(null);
  const [hasUnsavedChanges, setHasUnsavedChanges] = useState(false);
  const [storageRefused, setStorageRefused] = useState(false);
  const [reloads, setReloads] = useState(0);
  const [loadNotice, setLoadNotice] = useState<string | null>(null);
  const latest = useRef({ doc, jsonTexts, serverStatus });
  // A layout effect, not a passive one: a passive effect may still be pending when the next
  // keystroke arrives, and an edit made against a stale copy would throw or drop the change.
  useLayoutEffect(() => {
    latest.current = { doc, jsonTexts, serverStatus };
  });

  useEffect(() => {
    let isCurrent = true;
    const stored = readStoredDraft(id, version);
    api.get(id, version).then(
      (framework) => {
        if (!isCurrent) return;
        setServerStatus(framework.status);
        setLoadNotice(null);
        // A published version never changes, so a kept copy of it has nothing left to save.
        if (stored && framework.status === 'draft') {
          setDoc(stored.doc);
          setJsonTexts(stored.jsonTexts);
          setHasUnsavedChanges(true);
        } else {
          if (stored) removeStoredDraft(id, version);
          setDoc(framework);
          setJsonTexts({});
          setHasUnsavedChanges(false);
        }
        setLoad({ status: 'ready' });
      },
      (error: unknown) => {
        if (!isCurrent) return;
        const notOnServer = error instanceof ApiFailure && error.kind === 'not-found';
        if (stored && (notOnServer || isOffline(error))) {
          // Keep working on this device's copy: offline, or a new framework the server has not seen.
          setServerStatus(notOnServer ? null : stored.isLocalOnly ? null : 'draft');
          setDoc(stored.doc);
          setJsonTexts(stored.jsonTexts);
          setHasUnsavedChanges(true);
          setLoadNotice(isOffline(error) ? describeFailure(error) : null);
          setLoad({ status: 'ready' });
          return;
        }
        setLoad(notOnServer ? { status: 'missing' } : { status: 'failed', message: describeFailure(error) });
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [api, id, version, reloads]);

  const persist = useCallback(
    (nextDoc: EditableFramework, nextTexts: Record<string, string>) => {
      const ok = writeStoredDraft(id, version, {
        doc: nextDoc,
        jsonTexts: nextTexts,
        isLocalOnly: latest.current.serverStatus === null,
        updatedAt: new Date().toISOString(),
      });
      setStorageRefused(!ok);
      setHasUnsavedChanges(true);
    },
    [id, version],
  );

  const update = useCallback(
    (change: (draft: EditableFramework) => void) => {
      const next = structuredClone(latest.current.doc);
      change(next);
      latest.current.doc = next;
      setDoc(next);
      persist(next, latest.current.jsonTexts);
    },
    [persist],
  );

  const setJsonText = useCallback(
    (path: string, text: string | null) => {
      const next = { ...latest.current.jsonTexts };
      if (text === null) delete next[path];
      else next[path] = text;
      latest.current.jsonTexts = next;
      setJsonTexts(next);
      persist(latest.current.doc, next);
    },
    [persist],
  );

  const save = useCallback(async () => {
    const saved = await api.saveDraft({ ...latest.current.doc, id, version, status: 'draft' });
    removeStoredDraft(id, version);
    setDoc(saved);
    setJsonTexts({});
    setServerStatus('draft');
    setHasUnsavedChanges(false);
    setLoadNotice(null);
    return saved;
  }, [api, id, version]);

  const publish = useCallback(async () => {
    const published = await api.publish(id, version);
    removeStoredDraft(id, version);
    setDoc(published);
    setServerStatus('published');
    setHasUnsavedChanges(false);
    return published;
  }, [api, id, version]);

  const discard = useCallback(() => {
    removeStoredDraft(id, version);
    setLoad({ status: 'loading' });
    setReloads((n) => n + 1);
  }, [id, version]);

  const checked = useMemo(
    () => (load.status === 'ready' ? checkDraft(doc, jsonTexts) : { problems: [], byField: new Map() }),
    [doc, jsonTexts, load.status],
  );

  const value = useMemo<FrameworkEditor>(
    () => ({
      id,
      version,
      load,
      doc,
      serverStatus,
      hasUnsavedChanges,
      loadNotice,
      storageRefused,
      jsonTexts,
      checked,
      update,
      setJsonText,
      save,
      publish,
      discard,
    }),
    [
      id,
      version,
      load,
      doc,
      serverStatus,
      hasUnsavedChanges,
      loadNotice,
      storageRefused,
      jsonTexts,
      checked,
      update,
      setJsonText,
      save,
      publish,
      discard,
    ],
  );
  return <EditorContext.Provider value={value}>{children}</EditorContext.Provider>;
}
