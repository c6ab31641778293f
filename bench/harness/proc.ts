/**
 * What the bench measures of a server process, from /proc (Linux): CPU time (user + system,
 * all threads) and resident memory, current and high-water mark. Reading /proc costs the
 * measured process nothing, unlike asking it over HTTP.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU milliseconds (utime + stime) the process has used, or undefined when it is gone. */
export function cpuMsOf(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces; fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

export class ProcessProbe {
  constructor(readonly pid: number) {}

  cpuMs(): number {
    return cpuMsOf(this.pid) ?? Number.NaN;
  }

  rssMb(): number {
    return (statusKb(this.pid, 'VmRSS') ?? Number.NaN) / 1024;
  }

  peakRssMb(): number {
    return (statusKb(this.pid, 'VmHWM') ?? Number.NaN) / 1024;
  }

  /**
   * Starts the high-water mark afresh at the current RSS, so that a phase reports its own peak.
   * False when the kernel refuses; the peak is then the process's lifetime peak.
   */
  resetPeak(): boolean {
    try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
      return true;
    } catch {
      return false;
    }
  }
}

/** Something whose CPU use over a phase is measured: one process, or a set found at sample time. */
export interface CpuMeter {
  /** Samples; the promise resolves with a function that samples again and gives the CPU ms between. */
  start(): Promise<() => Promise<number>>;
}

export function processCpuMeter(probes: ProcessProbe[]): CpuMeter {
  return {
    async start() {
      const before = probes.map((p) => p.cpuMs());
      return async () => probes.reduce((sum, p, i) => sum + (p.cpuMs() - before[i]!), 0);
    },
  };
}

/**
 * CPU of a changing set of processes (PostgreSQL backends): `pids()` lists them at each sample;
 * a process that appears during the phase counts all of its CPU, one that ends loses its share.
 */
export function dynamicCpuMeter(pids: () => Promise<number[]>): CpuMeter {
  return {
    async start() {
      const before = new Map<number, number>();
      for (const pid of await pids()) before.set(pid, cpuMsOf(pid) ?? 0);
      return async () => {
        let total = 0;
        for (const pid of await pids()) {
          const now = cpuMsOf(pid);
          if (now !== undefined) total += now - (before.get(pid) ?? 0);
        }
        return total;
      };
    },
  };
}

/** The process and all its descendants (from /proc/<pid>/task/<tid>/children). */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    const p = out[i]!;
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      try {
        for (const c of readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim().split(/\s+/)) if (c) out.push(Number(c));
      } catch {
        // the task ended meanwhile
      }
    }
  }
  return out;
}

/** Resident memory of a process and its descendants, MB (a helper process counts too). */
export function treeRssMb(pid: number): number {
  return processTree(pid).reduce((sum, p) => sum + (statusKb(p, 'VmRSS') ?? 0), 0) / 1024;
}
