import { useRef, useState, type DragEvent } from 'react';

interface Props {
  onFile: (file: File) => void;
  onFolder: (name: string, file: File | null) => void;
  disabled?: boolean;
  hint: string;
}

/** Takes a dropped (or chosen) file; tells folders apart, since a browser cannot upload one. */
export function DropZone({ onFile, onFolder, disabled, hint }: Props) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setOver(false);
    if (disabled) return;
    const item = event.dataTransfer.items?.[0];
    const entry = item?.webkitGetAsEntry?.();
    const file = event.dataTransfer.files[0] ?? null;
    if (entry?.isDirectory) return onFolder(entry.name, file);
    if (file) onFile(file);
  }

  return (
    <div
      className="dropzone"
      data-over={over ? 'true' : undefined}
      data-testid="dropzone"
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <strong style={{ fontSize: 17, color: 'var(--ink)' }}>Drop a file or folder here</strong>
      <span>{hint}</span>
      <button
        type="button"
        className="button"
        disabled={disabled}
        onClick={() => input.current?.click()}
      >
        Choose a file…
      </button>
      <input
        ref={input}
        type="file"
        accept=".zip,.csv,.tsv,.txt"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          e.target.value = '';
        }}
      />
    </div>
  );
}
