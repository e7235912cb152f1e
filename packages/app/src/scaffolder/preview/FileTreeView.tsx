import type { PreviewFile } from '@golden-path/common';
import { useState } from 'react';
import { baseName, fileTree, type FolderNode } from './fileTree';

const row = {
  background: 'none',
  border: 'none',
  padding: '1px 4px',
  cursor: 'pointer',
  font: 'inherit',
  textAlign: 'left',
} as const;

/** The render's files as folders to open and files to select; `selected` is shown by the viewer. */
export function FileTreeView(props: { files: PreviewFile[]; selected?: string; onSelect(path: string): void }) {
  const root = fileTree(props.files);
  return (
    <ul data-testid="preview-file-tree" role="tree" style={{ listStyle: 'none', margin: 0, paddingLeft: 0 }}>
      <FolderItems folder={root} depth={0} {...props} />
    </ul>
  );
}

function FolderItems(props: { folder: FolderNode; depth: number; selected?: string; onSelect(path: string): void }) {
  const { folder, depth, selected, onSelect } = props;
  return (
    <>
      {folder.folders.map(f => (
        <Folder key={f.path} folder={f} depth={depth} selected={selected} onSelect={onSelect} />
      ))}
      {folder.files.map(file => (
        <li key={file.path} role="treeitem" aria-selected={file.path === selected} style={{ paddingLeft: depth * 14 }}>
          <button
            type="button"
            style={{ ...row, fontWeight: file.path === selected ? 700 : 400 }}
            data-testid="preview-file"
            data-path={file.path}
            onClick={() => onSelect(file.path)}
          >
            {baseName(file.path)}
          </button>
        </li>
      ))}
    </>
  );
}

function Folder(props: { folder: FolderNode; depth: number; selected?: string; onSelect(path: string): void }) {
  const { folder, depth } = props;
  const [open, setOpen] = useState(false);
  return (
    <li role="treeitem" aria-expanded={open} style={{ paddingLeft: depth * 14 }}>
      <button
        type="button"
        style={row}
        data-testid="preview-folder"
        data-path={folder.path}
        onClick={() => setOpen(!open)}
      >
        {open ? '▾' : '▸'} {folder.name}/
      </button>
      {open && (
        <ul role="group" style={{ listStyle: 'none', margin: 0, paddingLeft: 0 }}>
          <FolderItems {...props} depth={1} />
        </ul>
      )}
    </li>
  );
}
