import type { PreviewFile } from '@golden-path/common';

/** A folder of the preview's tree: its sub-folders and files, each sorted by name. */
export interface FolderNode {
  name: string;
  /** The folder's path from the repository root ('' for the root). */
  path: string;
  folders: FolderNode[];
  files: PreviewFile[];
}

/** The render's files as a tree of folders (paths use '/'). */
export function fileTree(files: PreviewFile[]): FolderNode {
  const root: FolderNode = { name: '', path: '', folders: [], files: [] };
  for (const file of files) {
    const parts = file.path.split('/');
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      let next = folder.folders.find(f => f.name === part);
      if (!next) {
        next = { name: part, path: folder.path ? `${folder.path}/${part}` : part, folders: [], files: [] };
        folder.folders.push(next);
      }
      folder = next;
    }
    folder.files.push(file);
  }
  const sort = (folder: FolderNode) => {
    folder.folders.sort((a, b) => a.name.localeCompare(b.name));
    folder.files.sort((a, b) => a.path.localeCompare(b.path));
    folder.folders.forEach(sort);
  };
  sort(root);
  return root;
}

/** The last part of a path. */
export const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
