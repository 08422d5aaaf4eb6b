"""Backups of the configured database, and restores from them.

MySQL/MariaDB: a consistent ``mysqldump --single-transaction`` (InnoDB gives
one snapshot without locking writers) of the configured database, restored
with the ``mysql`` client after every table of the database was dropped.
SQLite: a copy made with SQLite's online backup API, restored the same way.

A file name ending in ``.gz`` is compressed. Files are written next to their
final name and renamed when complete, so a failed backup never leaves a
truncated file under that name. A dump is restored only when it ends with the
dump tool's completion comment.
"""

import gzip
import os
import shutil
import sqlite3
import subprocess
import tempfile

import sqlalchemy as sa

from refstack.conf import CONF
from refstack.db import api as db_api

HEADER = '-- RefStack database backup'
DUMP_DONE = b'-- Dump completed'
SQLITE_MAGIC = b'SQLite format 3\x00'
_CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore failed; the message says why."""


def _url():
    return sa.engine.make_url(CONF.database.connection)


def _tool(*names):
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    raise BackupError('none of %s is installed (Debian: apt-get install mariadb-client)'
                      % ', '.join(names))


def _open_out(path, final):
    """Open ``path`` for writing, compressed when ``final`` ends in .gz."""
    if final.endswith('.gz'):
        return gzip.open(path, 'wb', compresslevel=6)
    return open(path, 'wb')


def _open_in(path):
    if path.endswith('.gz'):
        return gzip.open(path, 'rb')
    return open(path, 'rb')


def _partial(path):
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise BackupError('directory %s does not exist' % directory)
    return os.path.join(directory, '.%s.partial' % os.path.basename(path))


class _MysqlClient:
    """Connection arguments for the MySQL command line tools.

    The password goes into a private option file, never onto the command line.
    """

    def __init__(self, url):
        self.url = url
        self.dir = tempfile.mkdtemp(prefix='refstack-backup-')
        self.option_file = os.path.join(self.dir, 'client.cnf')
        lines = ['[client]']
        if url.username:
            lines.append('user=%s' % url.username)
        if url.password:
            lines.append('password="%s"' % url.password.replace('\\', '\\\\')
                         .replace('"', '\\"'))
        socket = url.query.get('unix_socket')
        if socket:
            lines.append('socket=%s' % socket)
        else:
            # PyMySQL connects over TCP unless given a socket; so do the tools.
            lines.append('host=%s' % (url.host or 'localhost'))
            lines.append('port=%d' % (url.port or 3306))
            lines.append('protocol=tcp')
        lines.append('default-character-set=utf8mb4')
        fd = os.open(self.option_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, 'w') as f:
            f.write('\n'.join(lines) + '\n')

    def command(self, tool, *args):
        return [tool, '--defaults-extra-file=%s' % self.option_file] + list(args)

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def _run_tool(cmd, stdin=None, stdout=None):
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin else None,
                                stdout=subprocess.PIPE if stdout else subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
    except OSError as e:
        raise BackupError('cannot run %s: %s' % (cmd[0], e.strerror))
    return proc


def _mysql_backup(path, url):
    tool = _tool('mariadb-dump', 'mysqldump')
    client = _MysqlClient(url)
    partial = _partial(path)
    try:
        cmd = client.command(tool, '--single-transaction', '--quick', '--hex-blob',
                             '--no-tablespaces', '--skip-lock-tables', '--add-drop-table',
                             '--default-character-set=utf8mb4', '--skip-triggers',
                             url.database)
        proc = _run_tool(cmd, stdout=True)
        with _open_out(partial, path) as out:
            out.write(('%s (%s, schema revision %s)\n' % (
                HEADER, url.get_backend_name(), _revision())).encode('utf-8'))
            while True:
                chunk = proc.stdout.read(_CHUNK)
                if not chunk:
                    break
                out.write(chunk)
        stderr = proc.stderr.read().decode('utf-8', 'replace')
        if proc.wait() != 0:
            raise BackupError('%s failed: %s' % (os.path.basename(tool), stderr.strip()))
        os.replace(partial, path)
    finally:
        client.close()
        if os.path.exists(partial):
            os.unlink(partial)


def _check_dump(path):
    """Refuse files that are not complete SQL dumps."""
    try:
        with _open_in(path) as f:
            head = f.read(4096)
            tail = head
            while True:
                chunk = f.read(_CHUNK)
                if not chunk:
                    break
                tail = (tail + chunk)[-4096:]
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        raise BackupError('cannot read %s: %s' % (path, e))
    if head.startswith(SQLITE_MAGIC):
        raise BackupError('%s is a SQLite backup, but the database is MySQL' % path)
    if DUMP_DONE not in tail:
        raise BackupError('%s is not a complete MySQL dump (no "Dump completed" line at '
                          'its end); refusing to restore it' % path)


def _mysql_restore(path, url):
    tool = _tool('mariadb', 'mysql')
    _check_dump(path)
    db_api.drop_all_tables()
    client = _MysqlClient(url)
    try:
        proc = _run_tool(client.command(tool, '--batch', url.database), stdin=True)
        try:
            with _open_in(path) as f:
                while True:
                    chunk = f.read(_CHUNK)
                    if not chunk:
                        break
                    proc.stdin.write(chunk)
            proc.stdin.close()
        except BrokenPipeError:
            pass
        stderr = proc.stderr.read().decode('utf-8', 'replace')
        if proc.wait() != 0:
            raise BackupError('%s failed: %s' % (os.path.basename(tool), stderr.strip()))
    finally:
        client.close()


def _sqlite_path(url):
    if not url.database or url.database == ':memory:':
        raise BackupError('an in-memory SQLite database can not be backed up')
    return url.database


def _sqlite_backup(path, url):
    source = _sqlite_path(url)
    if not os.path.exists(source):
        raise BackupError('the database file %s does not exist' % source)
    partial = _partial(path)
    copy = partial + '.db' if path.endswith('.gz') else partial
    try:
        src = sqlite3.connect(source)
        dst = sqlite3.connect(copy)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        if copy != partial:
            with open(copy, 'rb') as f, _open_out(partial, path) as out:
                shutil.copyfileobj(f, out, _CHUNK)
        os.replace(partial, path)
    except sqlite3.Error as e:
        raise BackupError('SQLite backup failed: %s' % e)
    finally:
        for name in {partial, copy}:
            if os.path.exists(name):
                os.unlink(name)


def _sqlite_restore(path, url):
    target = _sqlite_path(url)
    tmp = None
    try:
        with _open_in(path) as f:
            magic = f.read(len(SQLITE_MAGIC))
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        raise BackupError('cannot read %s: %s' % (path, e))
    if magic != SQLITE_MAGIC:
        raise BackupError('%s is not a SQLite backup' % path)
    source = path
    try:
        if path.endswith('.gz'):
            fd, tmp = tempfile.mkstemp(suffix='.sqlite',
                                       dir=os.path.dirname(os.path.abspath(target)))
            with os.fdopen(fd, 'wb') as out, _open_in(path) as f:
                shutil.copyfileobj(f, out, _CHUNK)
            source = tmp
        db_api.reset()
        src = sqlite3.connect(source)
        dst = sqlite3.connect(target)
        try:
            if src.execute('PRAGMA integrity_check').fetchone()[0] != 'ok':
                raise BackupError('%s is damaged (integrity check failed)' % path)
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as e:
        raise BackupError('SQLite restore failed: %s' % e)
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)


def _revision():
    from refstack.db import migration
    try:
        return migration.version()
    except sa.exc.SQLAlchemyError:
        return None


def backup(path):
    """Write a backup of the configured database to ``path``.

    :raises: BackupError
    """
    url = _url()
    backend = url.get_backend_name()
    if backend == 'mysql':
        _mysql_backup(path, url)
    elif backend == 'sqlite':
        _sqlite_backup(path, url)
    else:
        raise BackupError('backups of %s databases are not supported' % backend)
    return os.path.getsize(path)


def restore(path):
    """Replace the configured database's content with the backup in ``path``.

    :raises: BackupError
    """
    if not os.path.isfile(path):
        raise BackupError('%s does not exist' % path)
    url = _url()
    backend = url.get_backend_name()
    if backend == 'mysql':
        _mysql_restore(path, url)
    elif backend == 'sqlite':
        _sqlite_restore(path, url)
    else:
        raise BackupError('restores of %s databases are not supported' % backend)
    db_api.reset()


def describe():
    """(schema revision, {table: rows}) of the configured database."""
    revision = _revision()
    counts = db_api.count_rows() if revision else {}
    return revision, counts


def database_name():
    url = _url()
    return url.database or '?'
