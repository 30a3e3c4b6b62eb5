import type { FileCommands } from './useFileCommands';
import { ConfirmDialog } from '../dialogs/ConfirmDialog';
import { ImportDialog } from '../dialogs/ImportDialog';
import { OpenDialog } from '../dialogs/OpenDialog';
import { SaveAsDialog } from '../dialogs/SaveAsDialog';

/** Whichever file dialog the file commands asked for. */
export function FileDialogs({ files }: { files: FileCommands }) {
  const { dialog, closeDialog } = files;
  if (!dialog) return null;
  switch (dialog.type) {
    case 'open':
      return <OpenDialog designs={dialog.designs} onOpen={(file) => void files.openFile(file.path)} onClose={closeDialog} />;
    case 'saveAs':
      return <SaveAsDialog suggested={dialog.suggested} onSave={(name) => void files.saveTo(name)} onClose={closeDialog} />;
    case 'import':
      return <ImportDialog busy={files.loading} failure={dialog.failure ?? null} onImport={(path, options) => void files.importFrom(path, options)} onClose={closeDialog} />;
    case 'confirm':
      return <ConfirmDialog message={dialog.message} action={dialog.action} onConfirm={dialog.proceed} onClose={closeDialog} />;
  }
}
