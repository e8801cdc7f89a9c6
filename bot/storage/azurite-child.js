// Runs Azurite's table service in its own process. Azurite cannot share a process with restify:
// restify extends http.IncomingMessage, which breaks Azurite's query parsing (a range filter's
// upper bound was ignored). The parent talks to this process over IPC.
//
// With a data folder (mode `disk`), an answer leaves only once what it reports is on disk (see
// `journal` and `holdAnswers` below), and this process holds the folder's lock (a listening socket
// the parent bound and handed over, see azurite.ts) until it has saved and exited, also when its
// parent is gone.
'use strict';
const { Buffer } = require('node:buffer');
const { randomUUID } = require('node:crypto');
const fs = require('node:fs');
const { setImmediate } = require('node:timers');
const { URL } = require('node:url');
const TableConfiguration = require('azurite/dist/src/table/TableConfiguration').default;
const TableServer = require('azurite/dist/src/table/TableServer').default;

const [dbPath, mode, port, durability] = process.argv.slice(2);
const onDisk = mode === 'disk';

/** A snapshot is written when the journal has grown past the snapshot's size, and at least this. */
const JOURNAL_MIN_BYTES = 4 * 1024 * 1024;

/**
 * Durable writes for Azurite's Loki database, by group commit onto a journal.
 *
 * Loki keeps every table in memory; Azurite saves the whole database to one file every 5 s, so a
 * kill loses what was written since. Saving the whole file before each answer would cost time in
 * proportion to all the data. Instead every change Loki records (its changes API: the document
 * inserted, updated or removed) is appended to `<db file>.journal`, one line per commit, before the
 * writes it holds are answered. One commit runs at a time; whoever waits joins the next, which
 * starts as soon as the current one ends and serves everyone waiting for it.
 *
 * - A commit is collected on a macrotask (setImmediate), where Azurite's own design has every
 *   transaction whole ("no IO during the processing of a transaction"): a line holds whole
 *   batches, and a line cut short by a kill is ignored on replay, as a whole.
 * - Snapshots: the whole database (Loki's own save: a temporary file renamed over the old one, so a
 *   kill mid-save leaves the previous file whole) is written when a table is created or dropped
 *   (Loki records no change for those), when the journal has grown past the snapshot, at start-up
 *   and at a graceful stop. Each snapshot carries a generation (a random id); journal lines carry the
 *   generation they follow, so lines written before the newest snapshot are never replayed twice.
 * - No fsync: the file's pages are in the kernel's cache once written, which a kill of either
 *   process (SIGKILL included) does not touch. A power cut or a kernel crash can lose the last
 *   commits; that is the guarantee of a local preview store, not of Azure Table Storage.
 * - A failed append or snapshot ends this process (code 70): the parent restarts it from what is
 *   on disk, so memory never runs ahead of the file.
 */
function journal(db) {
  const journalPath = `${dbPath}.journal`;
  /** The snapshot's own id: journal lines name the snapshot they follow. */
  let generation = '';
  let fd;
  let journalBytes = 0;
  let snapshotBytes = 0;
  let structural = false;
  let scheduled = false;
  let writing = false;
  /** Served by the commit being written: it was collected after they joined, or covers what they saw. */
  let current = [];
  /** Served by the next commit, collected after they joined. */
  let next = [];

  const loadJSONObject = db.loadJSONObject;
  db.loadJSONObject = function (dbObject, options) {
    generation = String(dbObject.polkuGeneration || '');
    return loadJSONObject.call(this, dbObject, options);
  };
  const addCollection = db.addCollection;
  db.addCollection = function (...args) {
    const coll = addCollection.apply(this, args);
    coll.disableChangesApi = false;
    coll.disableDeltaChangesApi = true;
    structural = true;
    return coll;
  };
  const removeCollection = db.removeCollection;
  db.removeCollection = function (...args) {
    structural = true;
    return removeCollection.apply(this, args);
  };
  const loadDatabase = db.loadDatabase;
  db.loadDatabase = function (options, callback) {
    return loadDatabase.call(this, options, (err) => {
      if (err) return callback(err);
      try {
        replay();
      } catch (e) {
        return callback(e);
      }
      callback();
    });
  };

  /** Applies the journal's complete lines of the loaded snapshot's generation, in order. */
  function replay() {
    let text;
    try {
      text = fs.readFileSync(journalPath, 'utf8');
    } catch (e) {
      if (e.code === 'ENOENT') return;
      throw e;
    }
    const lines = text.split('\n');
    lines.pop(); // '' after the last newline, or a line cut short: never acknowledged
    for (const line of lines) {
      const commit = JSON.parse(line);
      if (commit.g !== generation) continue;
      for (const [name, op, obj] of commit.c) apply(name, op, obj);
    }
    for (const coll of db.collections) coll.flushChanges();
  }

  function apply(name, op, obj) {
    const coll = db.getCollection(name);
    if (!coll) throw new Error(`journal: no collection for a change (${op})`);
    if (op === 'I') {
      if (obj.$loki <= coll.maxId) throw new Error('journal: an insert out of order');
      coll.maxId = obj.$loki - 1;
      const doc = { ...obj };
      delete doc.$loki;
      coll.insert(doc);
    } else if (op === 'U') {
      if (!coll.get(obj.$loki)) throw new Error('journal: an update of a missing document');
      coll.update(obj);
    } else if (op === 'R') {
      const doc = coll.get(obj.$loki);
      if (!doc) throw new Error('journal: a removal of a missing document');
      coll.remove(doc);
    } else {
      throw new Error(`journal: unknown change ${op}`);
    }
  }

  /** Called once Azurite has loaded (and replayed) the database, before it saves it at start. */
  function started() {
    for (const coll of db.collections) {
      coll.disableChangesApi = false;
      coll.disableDeltaChangesApi = true;
      coll.flushChanges();
    }
  }

  const pending = () => structural || db.collections.some((c) => c.changes.length > 0);

  const nextGeneration = () => {
    generation = randomUUID();
    db.polkuGeneration = generation;
  };

  function snapshot(done) {
    nextGeneration();
    for (const coll of db.collections) coll.flushChanges();
    structural = false;
    db.saveDatabase((err) => {
      if (err) return done(err);
      fs.stat(dbPath, (statErr, stat) => {
        snapshotBytes = statErr ? 0 : stat.size;
        // Lines of the generation before are ignored from now on; dropping them saves replay time.
        fs.ftruncate(fd, 0, (truncErr) => {
          if (!truncErr) journalBytes = 0;
          done(truncErr);
        });
      });
    });
  }

  function append(changes, done) {
    const buf = Buffer.from(`${JSON.stringify({ g: generation, c: changes })}\n`, 'utf8');
    const writeFrom = (offset) =>
      fs.write(fd, buf, offset, buf.length - offset, null, (err, written) => {
        if (err) return done(err);
        if (offset + written < buf.length) return writeFrom(offset + written);
        journalBytes += buf.length;
        done();
      });
    writeFrom(0);
  }

  function schedule() {
    if (scheduled || writing) return;
    scheduled = true;
    setImmediate(run);
  }

  function run() {
    scheduled = false;
    writing = true;
    const batch = next;
    next = [];
    current = batch;
    const done = (err) => {
      if (err) {
        process.stderr.write(`azurite: saving failed (${err.code || err.name}); exiting to restart from disk\n`);
        for (const waiter of batch.concat(next)) waiter(err);
        process.exit(70);
      }
      writing = false;
      current = [];
      for (const waiter of batch) waiter();
      if (next.length) schedule();
    };
    try {
      // The journal is emptied at the first commit (opened to append, so that after a
      // truncation the next line goes to its start) (and opened to append: after a truncation the
      // next line goes to its start): the snapshot Azurite wrote at start-up holds
      // all of it (and a line cut short must not prefix the next one).
      if (fd === undefined) {
        fd = fs.openSync(journalPath, 'a');
        fs.ftruncateSync(fd, 0);
      }
      if (structural || journalBytes >= Math.max(JOURNAL_MIN_BYTES, snapshotBytes)) return snapshot(done);
      const changes = [];
      for (const coll of db.collections) {
        for (const ch of coll.changes) changes.push([ch.name, ch.operation, ch.obj]);
        coll.flushChanges();
      }
      if (changes.length) append(changes, done);
      else done();
    } catch (e) {
      done(e);
    }
  }

  const join = (list) =>
    new Promise((resolve, reject) => {
      list.push((err) => (err ? reject(err) : resolve()));
      schedule();
    });

  return {
    started,
    /** Before Azurite's start-up save: that snapshot starts a new generation. */
    beforeInit() {
      nextGeneration();
      structural = false;
    },
    /** Resolves once a commit collected after this call is on disk. */
    afterNextCommit: () => join(next),
    /** Resolves once everything in memory now is on disk (at once when it is). */
    covered() {
      if (pending() || scheduled) return join(next);
      if (writing) return join(current);
      return Promise.resolve();
    },
    /** The last commit: a snapshot of everything, once no answer is waiting. */
    async close() {
      while (writing || scheduled || next.length) await join(next);
      structural = true;
      await join(next);
    },
  };
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'MERGE', 'DELETE']);

/**
 * Holds each answer (its body and its end) until what it reports is on disk: a successful write
 * (a batch included) waits for a commit collected after it; any other answer (a read, a refused
 * write) waits only while what it may have seen is not yet on disk, so nobody acts on a write
 * that a kill could still undo. A failed commit cuts the held connections.
 */
function holdAnswers(httpServer, commits) {
  const listeners = httpServer.listeners('request');
  httpServer.removeAllListeners('request');
  httpServer.on('request', (req, res) => {
    const write = res.write;
    const end = res.end;
    // Everything written is kept, in order, until the answer may leave: the body, and every end()
    // (Azurite ends a piped body twice: once by the pipe, once in its end middleware).
    const queued = [];
    let waiting;
    res.write = function (...args) {
      queued.push([write, args]);
      return true;
    };
    res.end = function (...args) {
      queued.push([end, args]);
      if (waiting) return res;
      const wrote = MUTATING.has(req.method) && res.statusCode < 400;
      waiting = (wrote ? commits.afterNextCommit() : commits.covered()).then(
        () => {
          res.write = write;
          res.end = end;
          for (const [fn, a] of queued) fn.apply(res, a);
        },
        () => res.destroy(),
      );
      return res;
    };
    for (const listener of listeners) listener.call(httpServer, req, res);
  });
}

/** Who holds the data folder (told to whoever connects to the lock socket). */
const holder = { pid: process.ppid, azuritePid: process.pid, port: 0, holder: 'server', closing: false };

async function main() {
  if (onDisk) {
    // No Azurite on the folder without its lock: wait for it (the parent sends it at once).
    const got = await new Promise((resolve) => {
      process.once('message', (m, handle) => resolve(m && m.lock && handle ? { info: m.lock, handle } : undefined));
      process.once('disconnect', () => resolve(undefined));
    });
    if (!got) process.exit(0);
    Object.assign(holder, got.info);
    got.handle.on('connection', (socket) => {
      socket.on('error', () => socket.destroy());
      socket.end(`${JSON.stringify(holder)}\n`);
    });
  }
  const config = new TableConfiguration(
    '127.0.0.1',
    Number(port || 0),
    undefined, // keep-alive timeout: Azurite's default
    dbPath,
    false, // debug log
    false, // access log
    undefined,
    undefined,
    false, // loose
    true, // skip API version check: the SDK may be newer than the emulator
    '',
    '',
    '',
    undefined,
    false,
    !onDisk,
  );
  const server = new TableServer(config);
  const store = server.metadataStore;
  const commits = onDisk && durability !== 'interval' ? journal(store.db) : undefined;
  if (commits) {
    // Only the journal saves, so that two saves never write the file at once.
    store.db.autosaveDisable();
    store.db.autosave = false;
    store.db.throttledSaves = false;
    const init = store.init;
    store.init = async function () {
      // Azurite loads the file (the journal is replayed onto it) and saves it again: that save
      // starts the next generation.
      const saveDBState = this.saveDBState;
      this.saveDBState = async function () {
        commits.started();
        commits.beforeInit();
        return saveDBState.call(this);
      };
      await init.call(this);
    };
    holdAnswers(server.httpServer, commits);
  }
  await server.start();
  holder.port = Number(new URL(server.getHttpServerAddress()).port);
  let closing;
  const close = () => {
    holder.closing = true;
    closing =
      closing ||
      (async () => {
        // With Azurite's autosave, close() saves the file before it resolves; with the journal,
        // the last snapshot is ours, once the answers still held are served.
        await server.close();
        if (commits) await commits.close();
      })().then(
        () => setImmediate(() => process.exit(0)),
        (e) => {
          process.stderr.write(`azurite: closing failed (${(e && (e.code || e.name)) || 'error'})\n`);
          process.exit(1);
        },
      );
  };
  process.on('message', (m) => m === 'shutdown' && close());
  process.on('disconnect', close);
  process.on('SIGINT', close);
  process.on('SIGTERM', close);
  if (process.connected) process.send({ ready: true, port: holder.port });
  else close();
}

main().catch((e) => {
  process.stderr.write(`azurite failed to start: ${e && e.message}\n`);
  process.exit(1);
});
