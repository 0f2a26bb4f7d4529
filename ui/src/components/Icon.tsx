// The icons of the app and the viewer: one well-kept set (lucide), imported
// by name so the build keeps only these, and named here for what they mean
// in Afterword. Each renders an inline <svg class="lucide"> with
// aria-hidden, beside a button's or link's own text; the size comes from
// CSS (design/tokens.css), so one icon fits a nav row and a big button.
export {
  Film as LibraryIcon,
  Video as RecordIcon,
  Inbox as InboxIcon,
  FileText as DocumentIcon,
  MessagesSquare as ThreadIcon,
  Search as SearchIcon,
  Users as PeopleIcon,
  Settings as SettingsIcon,
  Pause as PauseIcon,
  Play as PlayIcon,
  Trash as DeleteIcon,
  Crop as AreaIcon,
  Link as LinkIcon,
  Copy as CopyIcon,
  CloudUpload as PublishIcon,
  Download as DownloadIcon,
  MessageSquare as CommentIcon,
  Mic as MicIcon,
  MicOff as MicOffIcon,
  Monitor as ScreenIcon,
  Volume2 as SoundIcon,
  Keyboard as KeyboardIcon,
  Lock as LockIcon,
  Unlink as GoneIcon,
  Plus as AddIcon,
  Check as DoneIcon,
  TriangleAlert as WarningIcon,
  Send as SendIcon,
  Scissors as CutIcon,
  Undo2 as UndoIcon,
  RotateCcw as ResetIcon,
  FolderOpen as FolderIcon,
  ImageOff as NoPreviewIcon,
  Captions as CaptionsIcon,
  Pencil as EditIcon,
  Import as ImportIcon,
  Minus as MinusIcon,
  CornerDownRight as CornerIcon,
} from 'lucide-preact';

/** The record dot: a filled circle, as on every recorder. */
export function RecordDot() {
  return (
    <svg class="lucide record-dot" viewBox="0 0 24 24" aria-hidden="true">
      <circle cx="12" cy="12" r="7" fill="currentColor" />
    </svg>
  );
}

/** Stop: a filled rounded square. */
export function StopSquare() {
  return (
    <svg class="lucide stop-square" viewBox="0 0 24 24" aria-hidden="true">
      <rect x="6" y="6" width="12" height="12" rx="2" fill="currentColor" />
    </svg>
  );
}

/** Afterword's mark: a record dot on a rounded tile. */
export function Logo() {
  return (
    <svg class="logo" viewBox="0 0 28 28" width="28" height="28" aria-hidden="true">
      <defs>
        <linearGradient id="afterword-logo" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stop-color="#7c7ff6" />
          <stop offset="1" stop-color="#4a4ac4" />
        </linearGradient>
      </defs>
      <rect width="28" height="28" rx="8" fill="url(#afterword-logo)" />
      <circle cx="14" cy="14" r="6.5" fill="#fff" />
      <circle cx="14" cy="14" r="3.5" fill="#e5484d" />
    </svg>
  );
}
