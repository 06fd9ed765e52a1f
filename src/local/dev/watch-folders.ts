/**
 * Watches a folder tree for saved files, the way hot reload needs it: one non-recursive watcher per
 * folder. A folder's watch sees every name in it change, so a file saved by replacement (`sed -i`,
 * an editor's atomic save: a temporary file renamed over it) is seen save after save. Node's
 * `recursive: true` on Linux (20, 22 and 24 alike) watches each file's inode instead, and loses a
 * file once it is replaced. Folders created later are watched as they appear; `node_modules` and dot folders never.
 */
import { type Dirent, type FSWatcher, readdirSync, statSync, watch } from "node:fs";
import { join } from "node:path";

export interface FolderWatch {
  close(): void;
}

const skipped = (name: string) => name === "node_modules" || name.startsWith(".");

/** Calls `onChange` with the changed path whenever a name under `root` changes. */
export function watchFolders(root: string, onChange: (path: string) => void): FolderWatch {
  const watchers = new Map<string, FSWatcher>();
  const add = (dir: string): void => {
    if (watchers.has(dir)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, (_event, name) => {
        const path = name === null ? dir : join(dir, name.toString());
        if (name !== null && !skipped(name.toString()) && isFolder(path)) add(path);
        onChange(path);
      });
    } catch {
      return; // gone before it could be watched
    }
    // A removed folder ends its watch.
    watcher.on("error", () => {
      watcher.close();
      watchers.delete(dir);
    });
    watchers.set(dir, watcher);
    for (const entry of entries(dir)) {
      if (entry.isDirectory() && !skipped(entry.name)) add(join(dir, entry.name));
    }
  };
  add(root);
  return {
    close() {
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // removed meanwhile: its watch ends with an error
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Calls `onSettled` once the changes under `root` settle: editors write several events per save,
 * and the dev server reloads its functions once per save.
 */
export function watchSettled(root: string, onSettled: () => void, settleMs = 50): FolderWatch {
  let timer: NodeJS.Timeout | undefined;
  return watchFolders(root, () => {
    clearTimeout(timer);
    timer = setTimeout(onSettled, settleMs);
  });
}
