// Tags and the folder of one document, thread or clip: add a tag, remove
// one, file it elsewhere. The page passes the calls; this only edits.
import { useState } from 'preact/hooks';
import { errorText } from '../format';

export interface TagsAndFolderProps {
  tags: string[];
  folder: string;
  onRetag: (add: string[], remove: string[]) => Promise<string[]>;
  onMove: (folder: string) => Promise<string>;
}

export function TagsAndFolder({ tags: initialTags, folder: initialFolder, onRetag, onMove }: TagsAndFolderProps) {
  const [tags, setTags] = useState(initialTags);
  const [folder, setFolder] = useState(initialFolder);
  const [newTag, setNewTag] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = async (what: () => Promise<void>) => {
    setError(null);
    try {
      await what();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div class="tags-folder">
      <div class="tag-list">
        {tags.map((t) => (
          <span key={t} class="tag">
            {t}{' '}
            <button type="button" class="link remove-tag" aria-label={`Remove tag ${t}`} onClick={() => void act(async () => setTags(await onRetag([], [t])))}>
              ×
            </button>
          </span>
        ))}
      </div>
      <form
        class="add-tag"
        onSubmit={(e) => {
          e.preventDefault();
          const tag = newTag.trim();
          if (tag) void act(async () => {
            setTags(await onRetag([tag], []));
            setNewTag('');
          });
        }}
      >
        <input name="tag" placeholder="Add a tag" value={newTag} onInput={(e) => setNewTag(e.currentTarget.value)} />
        <button type="submit">Tag</button>
      </form>
      <form
        class="move-folder"
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => setFolder(await onMove(folder)));
        }}
      >
        <input name="folder" placeholder="Folder, e.g. Team/Project" value={folder} onInput={(e) => setFolder(e.currentTarget.value)} />
        <button type="submit">Move</button>
      </form>
      {error && <p class="error">{error}</p>}
    </div>
  );
}
