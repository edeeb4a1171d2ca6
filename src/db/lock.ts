/**
 * PGlite has no lock on its data folder: two processes opening it would corrupt it. We hold a lock
 * file created with O_EXCL; a lock left by a dead process (no such pid) is taken over.
 */
import fs from 'node:fs'
import path from 'node:path'

export class DataDirLockedError extends Error {
  constructor(
    public readonly dataDir: string,
    public readonly holderPid: number,
  ) {
    super(
      `数据目录 ${dataDir} 正被另一个 OneWindow 进程 (pid ${holderPid}) 使用。` +
        `请先停止该进程，或用 DATA_DIR 指定另一个目录。` +
        `\nThe data folder ${dataDir} is in use by another OneWindow process (pid ${holderPid}); ` +
        `stop it first or choose another DATA_DIR.`,
    )
    this.name = 'DataDirLockedError'
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export interface DirLock {
  release(): void
}

export function lockDataDir(dataDir: string): DirLock {
  fs.mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, 'onewindow.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx')
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }))
      fs.closeSync(fd)
      let released = false
      const release = () => {
        if (released) return
        released = true
        try {
          const held = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number }
          if (held.pid === process.pid) fs.unlinkSync(file)
        } catch {
          /* already gone */
        }
      }
      process.once('exit', release)
      return { release }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      let holder = 0
      try {
        holder = (JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number }).pid
      } catch {
        /* unreadable or half-written lock: treat as stale */
      }
      if (holder && holder !== process.pid && pidAlive(holder)) throw new DataDirLockedError(dataDir, holder)
      if (holder === process.pid) throw new DataDirLockedError(dataDir, holder)
      fs.rmSync(file, { force: true }) // stale lock from a process that died
    }
  }
  throw new Error(`could not lock ${dataDir}`)
}
