#!/usr/bin/env node
// The CDK app command (cdk.json: "app": "node scripts/cdk-app.js").
//
// Usage: node scripts/cdk-app.js [PACKAGE] [-- APP_ARGS...]
// PACKAGE is the main package's folder relative to the module root (default
// the root, "."; examples/shared-alb/cdk.json names its own); the app runs
// in the current folder, as `go run` would run it.
//
// It runs the Go app like `go run .` does, without paying `go run`'s
// staleness check on every synth, and the same from sh and from cmd.exe
// (the CDK CLI runs the app command through the platform's shell, and
// Node.js is there wherever the CLI is):
//
// - It hashes, by content, what the binary is built from: every Go source
//   of the main module (not its tests; nested modules such as app/, tools/
//   and e2e/, testdata, dot and underscore folders, node_modules and cdk.out
//   left out, as go build leaves them out) and the files its //go:embed
//   patterns match; go.mod, go.sum, a go.work in effect, local replace
//   targets; the Go toolchain, the build environment (GOFLAGS, GOOS, GOARCH,
//   CGO_ENABLED, ... and `go env -w` settings), and the module's absolute
//   path (the binary finds app/ through its source paths), and the package.
// - The binary is named by that hash, in cdk.out/.cdk-app/<package>/
//   (git-ignored): when it exists it is current, and it runs at once;
//   otherwise `go build` makes it first (into a temporary name, then
//   renamed, so a concurrent or interrupted build never leaves a partial
//   binary), and the package's binaries of older states are removed. A
//   failed build runs nothing: a stale binary is never run.
// - The app gets JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20, the
//   arguments, stdin, stdout and stderr as they are (inherited, not piped),
//   and its exit code or signal becomes the launcher's.
//
// CDK_APP_LAUNCHER_DEBUG=1 prints what was hashed and whether it built.
'use strict';

const childProcess = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

// Bump when the hashing or the build command changes.
const LAUNCHER_VERSION = '1';

const root = path.resolve(__dirname, '..');
const binRoot = path.join(root, 'cdk.out', '.cdk-app');
let binDir = binRoot;
const exe = process.platform === 'win32' ? '.exe' : '';
const debug = process.env.CDK_APP_LAUNCHER_DEBUG === '1';

// Environment that changes what `go build` produces. GOENV names the file
// of `go env -w` settings, which are hashed too.
const BUILD_ENV = [
  'GOFLAGS', 'GOOS', 'GOARCH', 'GOAMD64', 'GOARM', 'GOARM64', 'GO386', 'GOMIPS', 'GOMIPS64',
  'GOPPC64', 'GORISCV64', 'GOWASM', 'GOEXPERIMENT', 'GOTOOLCHAIN', 'GOROOT', 'GOWORK', 'GOENV',
  'GOFIPS140', 'CGO_ENABLED', 'CC', 'CXX', 'CGO_CFLAGS', 'CGO_CPPFLAGS', 'CGO_CXXFLAGS',
  'CGO_FFLAGS', 'CGO_LDFLAGS', 'PKG_CONFIG', 'AR',
];

// Files besides .go ones that go build compiles into a package.
const OTHER_SOURCES = new Set([
  '.c', '.h', '.s', '.S', '.sx', '.cc', '.cpp', '.cxx', '.hh', '.hpp', '.hxx', '.m',
  '.f', '.F', '.for', '.f90', '.swig', '.swigcxx', '.syso',
]);

// Folders never part of the main module's packages.
function skippedDir(name) {
  return name.startsWith('.') || name.startsWith('_') || name === 'testdata' ||
    name === 'node_modules' || name === 'cdk.out';
}

function main() {
  const hash = crypto.createHash('sha256');
  const log = debug ? (line) => process.stderr.write(`cdk-app: ${line}\n`) : () => {};
  const add = (label, value) => {
    hash.update(`${label}\0${value}\0`);
    if (debug) {
      log(`${label} ${value.length > 80 ? sha(value) : JSON.stringify(value)}`);
    }
  };

  const goBin = findGo();
  if (!goBin) {
    process.stderr.write('cdk-app: go not found on PATH: install Go (see README.md)\n');
    return 1;
  }
  const argv = process.argv.slice(2);
  let pkg = '.';
  if (argv.length > 0 && argv[0] !== '--') {
    pkg = argv.shift();
  }
  if (argv[0] === '--') {
    argv.shift();
  }
  const pkgDir = path.resolve(root, pkg);
  const rel = path.relative(root, pkgDir).split(path.sep).join('/') || '.';
  if (rel.startsWith('..') || path.isAbsolute(rel) || !fs.statSync(pkgDir, { throwIfNoEntry: false })?.isDirectory()) {
    process.stderr.write(`cdk-app: ${pkg} is not a package folder of the module in ${root}\n`);
    return 2;
  }
  binDir = path.join(binRoot, rel === '.' ? 'root' : rel.replace(/\//g, '+'));
  add('launcher', LAUNCHER_VERSION);
  add('package', rel);
  add('root', root);
  add('platform', `${process.platform}/${process.arch}`);
  toolchain(goBin, add);
  for (const name of BUILD_ENV) {
    add(`env:${name}`, process.env[name] === undefined ? '<unset>' : `=${process.env[name]}`);
  }
  add('goenv', readOr(goEnvFile(), '<none>'));

  const goMod = readOr(path.join(root, 'go.mod'), null);
  if (goMod === null) {
    process.stderr.write(`cdk-app: no go.mod in ${root}\n`);
    return 1;
  }
  add('go.mod', goMod);
  add('go.sum', readOr(path.join(root, 'go.sum'), '<none>'));
  const modules = [root, ...localReplaceTargets(goMod, root)];
  const work = goWork();
  if (work) {
    add('go.work', readOr(work, '<none>'));
    add('go.work.sum', readOr(`${work}.sum`, '<none>'));
    modules.push(...workModules(work));
  }
  for (const dir of [...new Set(modules)]) {
    for (const file of moduleSources(dir)) {
      add(`file:${path.relative(root, file)}`, fileHash(file));
    }
  }

  const key = hash.digest('hex').slice(0, 32);
  const bin = path.join(binDir, `app-${key}${exe}`);
  log(`binary ${bin}`);
  return run(bin, goBin, rel === '.' ? '.' : `./${rel}`, argv, log, true);
}

// run starts bin, building it first when it is missing; the launcher's exit
// code follows the app's.
function run(bin, goBin, pkg, args, log, retry) {
  if (!fs.existsSync(bin)) {
    log('building');
    const code = build(bin, goBin, pkg);
    if (code !== 0) {
      return code;
    }
  }
  const env = { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' };
  const child = childProcess.spawn(bin, args, { stdio: 'inherit', env });
  // The terminal signals the whole process group; a signal sent to the
  // launcher alone is passed on. Either way the launcher waits for the app.
  const forward = (signal) => child.kill(signal);
  const signals = process.platform === 'win32' ? ['SIGINT'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) {
    process.on(signal, forward);
  }
  child.on('error', (err) => {
    // Removed by a concurrent launcher between the check and the start.
    if (err.code === 'ENOENT' && retry) {
      for (const signal of signals) {
        process.removeListener(signal, forward);
      }
      const code = run(bin, goBin, pkg, args, log, false);
      if (code !== undefined) {
        process.exitCode = code;
      }
      return;
    }
    process.stderr.write(`cdk-app: cannot run ${bin}: ${err.message}\n`);
    process.exitCode = 1;
  });
  child.on('exit', (code, signal) => {
    for (const s of signals) {
      process.removeListener(s, forward);
    }
    if (signal) {
      // Die of the same signal, so that the caller sees what the app saw.
      process.kill(process.pid, signal);
      return;
    }
    process.exitCode = code;
  });
  return undefined;
}

// build compiles the main package pkg into bin like `go run` would (no
// -trimpath: the app locates app/ through its source paths; no VCS stamp),
// then removes the binaries of other states.
function build(bin, goBin, pkg) {
  fs.mkdirSync(binDir, { recursive: true });
  const tmp = path.join(binDir, `tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}${exe}`);
  const result = childProcess.spawnSync(goBin, ['build', '-buildvcs=false', '-o', tmp, pkg], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.error || result.status !== 0) {
    fs.rmSync(tmp, { force: true });
    if (result.error) {
      process.stderr.write(`cdk-app: go build: ${result.error.message}\n`);
    }
    return result.status || 1;
  }
  try {
    fs.renameSync(tmp, bin);
  } catch (err) {
    // Another launcher renamed the same build first (Windows refuses to
    // replace a running executable); its binary is the same.
    fs.rmSync(tmp, { force: true });
    if (!fs.existsSync(bin)) {
      throw err;
    }
  }
  const hourAgo = Date.now() - 3600e3;
  for (const name of fs.readdirSync(binDir)) {
    const file = path.join(binDir, name);
    if (file === bin) {
      continue;
    }
    try {
      // Temporary files of builds still running are left to them.
      if (name.startsWith('tmp-') && fs.statSync(file).mtimeMs > hourAgo) {
        continue;
      }
      fs.rmSync(file, { force: true });
    } catch {
      // Still running (Windows), or removed already.
    }
  }
  return 0;
}

// moduleSources lists, sorted, the files of a module's packages that go
// build reads: non-test .go files, cgo, assembly and .syso files, and what
// //go:embed patterns match. It leaves out what go build leaves out: nested
// modules, testdata, dot and underscore folders, and node_modules and
// cdk.out.
function moduleSources(moduleDir) {
  const files = new Set();
  const walk = (dir, isModuleRoot) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (!isModuleRoot && entries.some((e) => e.name === 'go.mod' && !e.isDirectory())) {
      return; // a nested module
    }
    for (const e of entries) {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!skippedDir(e.name)) {
          walk(file, false);
        }
        continue;
      }
      const ext = path.extname(e.name);
      if (ext === '.go' && !e.name.endsWith('_test.go')) {
        files.add(file);
        for (const pattern of embedPatterns(readOr(file, ''))) {
          embedded(dir, pattern.split('/'), files);
        }
      } else if (OTHER_SOURCES.has(ext)) {
        files.add(file);
      }
    }
  };
  walk(moduleDir, true);
  return [...files].sort();
}

// embedPatterns lists the patterns of a Go file's //go:embed lines.
function embedPatterns(source) {
  const patterns = [];
  for (const line of source.matchAll(/^\/\/go:embed\s+(.*)$/gm)) {
    for (const word of line[1].match(/"(?:[^"\\]|\\.)*"|`[^`]*`|\S+/g) || []) {
      patterns.push(word.replace(/^["`]|["`]$/g, '').replace(/^all:/, ''));
    }
  }
  return patterns;
}

// embedded adds the files a //go:embed pattern (path.Match syntax, split
// at slashes) matches under dir: a matched folder with all its files.
function embedded(dir, parts, files) {
  if (parts.length === 0) {
    let st;
    try {
      st = fs.statSync(dir);
    } catch {
      return;
    }
    if (st.isFile()) {
      files.add(dir);
    } else if (st.isDirectory()) {
      for (const e of fs.readdirSync(dir)) {
        embedded(path.join(dir, e), [], files);
      }
    }
    return;
  }
  const [first, ...rest] = parts;
  let names;
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const re = globRegExp(first);
  for (const name of names) {
    if (re.test(name)) {
      embedded(path.join(dir, name), rest, files);
    }
  }
}

// globRegExp converts one path.Match element (*, ?, [...], \\x) to a RegExp.
function globRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '\\' && i + 1 < glob.length) {
      re += glob[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      let cls = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
      if (cls.startsWith('^')) {
        cls = `^${cls.slice(1)}`;
      }
      re += `[${cls}]`;
      i = close;
    } else {
      re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

// localReplaceTargets lists the folders that go.mod's replace directives
// point at (./x, ../x or absolute paths): modules whose sources count too.
function localReplaceTargets(goMod, dir) {
  const targets = [];
  const text = goMod.replace(/\/\/.*$/gm, '');
  const lines = [];
  for (const block of text.matchAll(/^\s*replace\s*\(([^)]*)\)/gm)) {
    lines.push(...block[1].split('\n'));
  }
  for (const line of text.matchAll(/^\s*replace\s+([^(\n].*)$/gm)) {
    lines.push(line[1]);
  }
  for (const line of lines) {
    const target = line.split('=>')[1];
    if (!target) {
      continue;
    }
    const where = target.trim().split(/\s+/)[0].replace(/^"|"$/g, '');
    if (where.startsWith('./') || where.startsWith('../') || path.isAbsolute(where)) {
      targets.push(path.resolve(dir, where));
    }
  }
  return targets;
}

// goWork finds the go.work file go build would use: GOWORK, or the nearest
// go.work above the module.
function goWork() {
  const env = process.env.GOWORK;
  if (env === 'off') {
    return null;
  }
  if (env) {
    return path.resolve(root, env);
  }
  for (let dir = root; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'go.work');
    if (fs.existsSync(file)) {
      return file;
    }
    if (path.dirname(dir) === dir) {
      return null;
    }
  }
}

// workModules lists the folders a go.work uses.
function workModules(work) {
  const text = readOr(work, '').replace(/\/\/.*$/gm, '');
  const dirs = [];
  const take = (s) => {
    const d = s.trim().replace(/^"|"$/g, '');
    if (d) {
      dirs.push(path.resolve(path.dirname(work), d));
    }
  };
  for (const block of text.matchAll(/^\s*use\s*\(([^)]*)\)/gm)) {
    block[1].split('\n').forEach(take);
  }
  for (const line of text.matchAll(/^\s*use\s+([^(\n].*)$/gm)) {
    take(line[1]);
  }
  return [...dirs, ...localReplaceTargets(text, path.dirname(work))];
}

// findGo looks up go on PATH, as the shell would.
function findGo() {
  const exts = process.platform === 'win32'
    ? (process.env.PATHEXT || '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean)
    : [''];
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) {
      continue;
    }
    for (const ext of exts) {
      const candidate = path.join(dir, `go${ext}`);
      try {
        if (fs.statSync(candidate).isFile()) {
          return candidate;
        }
      } catch {
        // not here
      }
    }
  }
  return null;
}

// toolchain identifies the go command without running it (that costs tens
// of milliseconds): its real path, size and modification time, and its
// GOROOT's VERSION and go.env. go.mod's go and toolchain lines, hashed with
// it, and GOTOOLCHAIN settle which toolchain go build switches to.
function toolchain(goBin, add) {
  let real = goBin;
  try {
    real = fs.realpathSync(goBin);
  } catch {
    // keep the PATH entry
  }
  const st = fs.statSync(real);
  add('go', `${real} ${st.size} ${st.mtimeMs} ${st.ino}`);
  const goroot = process.env.GOROOT || path.dirname(path.dirname(real));
  add('go:VERSION', readOr(path.join(goroot, 'VERSION'), '<none>'));
  add('go:go.env', readOr(path.join(goroot, 'go.env'), '<none>'));
}

// goEnvFile is where `go env -w` writes: GOENV, else go/env in the user
// configuration folder.
function goEnvFile() {
  if (process.env.GOENV) {
    return process.env.GOENV === 'off' ? null : process.env.GOENV;
  }
  const home = process.env.HOME || process.env.USERPROFILE || '';
  let config;
  if (process.platform === 'win32') {
    config = process.env.APPDATA;
  } else if (process.platform === 'darwin') {
    config = path.join(home, 'Library', 'Application Support');
  } else {
    config = process.env.XDG_CONFIG_HOME || path.join(home, '.config');
  }
  return config ? path.join(config, 'go', 'env') : null;
}

function readOr(file, fallback) {
  if (!file) {
    return fallback;
  }
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

// fileHash is the hash of a file's content; a file removed since the walk
// hashes as gone.
function fileHash(file) {
  try {
    return sha(fs.readFileSync(file));
  } catch {
    return '<gone>';
  }
}

function sha(data) {
  return crypto.createHash('sha256').update(data).digest('hex');
}

const code = main();
if (code !== undefined) {
  process.exitCode = code;
}
