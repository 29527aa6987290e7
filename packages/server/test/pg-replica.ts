import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, postgresTools } from './pg-own';

export { postgresBinDir } from './pg-own';

/** A primary and a streaming replica of it (`pg_basebackup -R`), on loopback ports of their own. */
export interface ReplicatedPostgres {
  primaryUrl: string;
  replicaUrl: string;
  /** Stops the replica (fast shutdown). */
  stopReplica(): void;
  /** Stops both servers and removes their directories. */
  destroy(): void;
}

/**
 * `initdb` a primary (as the `postgres` user when run as root, trust auth on
 * loopback), start it, clone it with `pg_basebackup -R` and start the clone
 * as a hot standby streaming from it.
 */
export async function startReplicatedPostgres(bin: string): Promise<ReplicatedPostgres> {
  const { dir: root, run } = postgresTools(bin, 'twotier-replica-');
  const primaryDir = join(root, 'primary');
  const replicaDir = join(root, 'replica');
  const primaryPort = await freePort(56_000 + Math.floor(Math.random() * 500));
  const started: string[] = [];
  const stopAll = () => {
    for (const dir of started.reverse()) {
      try {
        run('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
    }
    started.length = 0;
  };
  try {
    run('initdb', ['-D', primaryDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    // initdb's pg_hba.conf already lets loopback connect for replication with trust
    const common = '-c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50 -c shared_buffers=32MB';
    run('pg_ctl', ['-D', primaryDir, '-o', `-p ${primaryPort} -k ${primaryDir} ${common} -c wal_level=replica -c max_wal_senders=4`, '-l', join(primaryDir, 'server.log'), '-w', 'start']);
    started.push(primaryDir);
    run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '--no-sync', '-c', 'fast']);
    const replicaPort = await freePort(primaryPort + 1);
    run('pg_ctl', ['-D', replicaDir, '-o', `-p ${replicaPort} -k ${replicaDir} ${common} -c hot_standby=on`, '-l', join(replicaDir, 'server.log'), '-w', 'start']);
    started.push(replicaDir);
    return {
      primaryUrl: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
      replicaUrl: `postgres://postgres@127.0.0.1:${replicaPort}/postgres`,
      stopReplica() {
        run('pg_ctl', ['-D', replicaDir, '-m', 'fast', '-w', 'stop']);
        started.splice(started.indexOf(replicaDir), 1);
      },
      destroy() {
        stopAll();
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    stopAll();
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
