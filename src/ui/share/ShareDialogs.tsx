import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useModalDialog } from '../app/useModalDialog';
import { useBridge } from '../bridge';
import { downloadScenario, makeShareLink, openScenarioFile } from './actions';
import { exportDiagram } from './exportDiagram';
import { shareStore, useShare } from './shareStore';

/** A modal `<dialog>` open while `open` holds; closing it (Escape) calls `onClose`. */
function Modal(props: {
  open: boolean;
  onClose(): void;
  labelledBy: string;
  role?: 'dialog' | 'alertdialog';
  children: ReactNode;
}) {
  const ref = useModalDialog(props.open);
  return (
    <dialog
      ref={ref}
      className="kg-dialog kg-share-dialog"
      role={props.role}
      aria-labelledby={props.labelledBy}
      onClose={props.onClose}
    >
      {props.open && props.children}
    </dialog>
  );
}

/** The Share dialog: the link with Copy, the scenario file, pictures of the diagram. */
function ShareDialog() {
  const bridge = useBridge();
  const open = useShare((s) => s.dialogOpen);
  const busy = useShare((s) => s.busy);
  const [link, setLink] = useState<{ url: string; bytes: number } | { error: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const close = () => shareStore.setState({ dialogOpen: false });
  useEffect(() => {
    if (!open) return;
    let live = true;
    setLink(null);
    setCopied(false);
    const base = location.href.replace(/#.*$/, '');
    makeShareLink(bridge, base).then(
      (l) => live && setLink(l),
      (e: Error) => live && setLink({ error: e.message }),
    );
    return () => {
      live = false;
    };
  }, [open, bridge]);
  const copy = async () => {
    if (!link || !('url' in link)) return;
    try {
      await navigator.clipboard.writeText(link.url);
    } catch {
      // No clipboard permission: select the text so Ctrl+C copies it.
      document.querySelector<HTMLInputElement>('#kg-share-link')?.select();
    }
    setCopied(true);
  };
  return (
    <Modal open={open} onClose={close} labelledBy="kg-share-title">
      <header className="kg-dialog-header">
        <h2 id="kg-share-title">Share this run</h2>
        <button
          type="button"
          className="kg-button kg-icon-button"
          aria-label="Close"
          onClick={close}
        >
          <span aria-hidden="true">✕</span>
        </button>
      </header>
      <p className="kg-muted">
        The link holds the cluster, its seed, the editor&apos;s text and every action with its
        moment, in the part of the URL after <code>#</code> that no server sees. It opens the same
        cluster at the same moment, paused.
      </p>
      <div className="kg-share-row">
        <label htmlFor="kg-share-link">Share link</label>
        <input
          id="kg-share-link"
          className="kg-share-link"
          readOnly
          value={link && 'url' in link ? link.url : ''}
          placeholder={link ? '' : 'Making the link…'}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          className="kg-button kg-primary"
          onClick={() => void copy()}
          disabled={!link || !('url' in link)}
        >
          Copy
        </button>
      </div>
      <p className="kg-share-status" role="status">
        {link && 'error' in link
          ? `No link: ${link.error}`
          : copied
            ? 'Copied to the clipboard.'
            : link
              ? `${Math.ceil(link.bytes / 1024)} KB compressed.`
              : ''}
      </p>
      <h3>Scenario file</h3>
      <p className="kg-muted">
        A YAML file that <code>npm run sim -- scenario FILE</code> runs headless, and that opens
        here (or drop it on the page).
      </p>
      <div className="kg-share-row">
        <button type="button" className="kg-button" onClick={() => void downloadScenario(bridge)}>
          Download scenario
        </button>
        <button type="button" className="kg-button" onClick={() => fileRef.current?.click()}>
          Open scenario…
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".yaml,.yml,application/yaml,text/yaml"
          hidden
          aria-label="Scenario file"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void openScenarioFile(bridge, file);
          }}
        />
      </div>
      <h3>Picture of the diagram</h3>
      <div className="kg-share-row">
        <button type="button" className="kg-button" onClick={() => void exportDiagram('png')}>
          Export PNG
        </button>
        <button type="button" className="kg-button" onClick={() => void exportDiagram('svg')}>
          Export SVG
        </button>
      </div>
      {busy && (
        <p className="kg-share-status" role="status">
          {busy}
        </p>
      )}
    </Modal>
  );
}

/** A message about a link or file that was refused; its text is shown as text. */
function NoticeDialog() {
  const notice = useShare((s) => s.notice);
  const close = () => shareStore.setState({ notice: null });
  return (
    <Modal open={!!notice} onClose={close} labelledBy="kg-notice-title" role="alertdialog">
      <header className="kg-dialog-header">
        <h2 id="kg-notice-title">{notice?.title}</h2>
      </header>
      <p className="kg-notice-text">{notice?.text}</p>
      <div className="kg-share-row kg-share-actions">
        <button type="button" className="kg-button kg-primary" onClick={close} autoFocus>
          OK
        </button>
      </div>
    </Modal>
  );
}

/** A question before something the learner has is replaced. */
function QuestionDialog() {
  const q = useShare((s) => s.question);
  return (
    <Modal
      open={!!q}
      onClose={() => q?.resolve(false)}
      labelledBy="kg-question-title"
      role="alertdialog"
    >
      <header className="kg-dialog-header">
        <h2 id="kg-question-title">{q?.title}</h2>
      </header>
      <p className="kg-notice-text">{q?.text}</p>
      <div className="kg-share-row kg-share-actions">
        <button type="button" className="kg-button" onClick={() => q?.resolve(false)}>
          {q?.no}
        </button>
        <button
          type="button"
          className="kg-button kg-primary"
          onClick={() => q?.resolve(true)}
          autoFocus
        >
          {q?.yes}
        </button>
      </div>
    </Modal>
  );
}

/** Everything sharing shows: the Share dialog, and a message or question about a link or file. */
export function ShareDialogs() {
  return (
    <>
      <ShareDialog />
      <NoticeDialog />
      <QuestionDialog />
    </>
  );
}
