import { useEffect, useRef } from 'react';

/**
 * A `<dialog>` shown as a modal while `open` holds and closed when it stops: the ref to give the
 * element (Esc closes it through its `onClose`, which must set `open` false).
 */
export function useModalDialog(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return ref;
}
