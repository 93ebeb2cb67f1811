const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;
"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __esm = (fn, res) => function __init() {
  return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// build/lib/errors.js
function describe(e) {
  if (e instanceof Error)
    return e.message;
  return String(e);
}
var ServiceError, NameRequiredError, InvalidConfigError, NoServiceSystemError, UnsupportedError, NotInstalledError, AlreadyInstalledError, NotOwnedError, PermissionError, CommandFailedError, StartFailedError, TimeoutError, ProgramError, InterruptedError, InvalidArgumentError, SyscallError;
var init_errors = __esm({
  "build/lib/errors.js"() {
    "use strict";
    ServiceError = class extends Error {
      code;
      constructor(code2, message, options) {
        super(message, options?.cause === void 0 ? void 0 : { cause: options.cause });
        this.code = code2;
        this.name = new.target.name;
      }
    };
    NameRequiredError = class extends ServiceError {
      constructor() {
        super("ERR_NAME_REQUIRED", "config.name is required");
      }
    };
    InvalidConfigError = class extends ServiceError {
      /** Dotted path of the offending field, e.g. `env.PATH` or `arguments[2]`. */
      field;
      constructor(field, message, options) {
        super("ERR_INVALID_CONFIG", `invalid ${field}: ${message}`, options);
        this.field = field;
      }
    };
    NoServiceSystemError = class extends ServiceError {
      constructor(message = "no service system detected", options) {
        super("ERR_NO_SERVICE_SYSTEM", message, options);
      }
    };
    UnsupportedError = class extends ServiceError {
      constructor(message, options) {
        super("ERR_UNSUPPORTED", message, options);
      }
    };
    NotInstalledError = class extends ServiceError {
      service;
      constructor(service, options) {
        super("ERR_NOT_INSTALLED", `service ${service} is not installed`, options);
        this.service = service;
      }
    };
    AlreadyInstalledError = class extends ServiceError {
      service;
      constructor(service, where, options) {
        super("ERR_ALREADY_INSTALLED", `service ${service} is already installed (${where})`, options);
        this.service = service;
      }
    };
    NotOwnedError = class extends ServiceError {
      service;
      path;
      constructor(service, path23, why, options) {
        super("ERR_NOT_OWNED", `service ${service} was not installed by servicekit: ${path23} ${why}; servicekit changes and removes only its own services`, options);
        this.service = service;
        this.path = path23;
      }
    };
    PermissionError = class extends ServiceError {
      constructor(message, options) {
        super("ERR_PERMISSION", message, options);
      }
    };
    CommandFailedError = class extends ServiceError {
      command;
      args;
      exitCode;
      stderr;
      constructor(command, args, exitCode, stderr, options) {
        const detail = stderr.trim().split("\n").slice(-3).join(" | ");
        super("ERR_COMMAND_FAILED", `${command} ${args.join(" ")} failed` + (exitCode === null ? "" : ` (exit ${exitCode})`) + (detail ? `: ${detail}` : ""), options);
        this.command = command;
        this.args = args;
        this.exitCode = exitCode;
        this.stderr = stderr;
      }
    };
    StartFailedError = class extends ServiceError {
      service;
      logTail;
      constructor(service, state, logTail2, options) {
        super("ERR_START_FAILED", `service ${service} did not start (state: ${state})` + (logTail2.length ? `; last log lines:
  ${logTail2.join("\n  ")}` : ""), options);
        this.service = service;
        this.logTail = logTail2;
      }
    };
    TimeoutError = class extends ServiceError {
      constructor(message, options) {
        super("ERR_TIMEOUT", message, options);
      }
    };
    ProgramError = class extends ServiceError {
      phase;
      constructor(phase, cause) {
        super("ERR_PROGRAM", `program ${phase} failed: ${describe(cause)}`, { cause });
        this.phase = phase;
      }
    };
    InterruptedError = class extends ServiceError {
      constructor(message = "interrupted", options) {
        super("ERR_INTERRUPTED", message, options);
      }
    };
    InvalidArgumentError = class extends ServiceError {
      constructor(message, options) {
        super("ERR_INVALID_ARGUMENT", message, options);
      }
    };
    SyscallError = class extends ServiceError {
      syscall;
      errno;
      constructor(syscall, errno, options) {
        super("ERR_SYSCALL", `${syscall} failed (errno ${errno})`, options);
        this.syscall = syscall;
        this.errno = errno;
      }
    };
  }
});

// build/lib/sys/exec.js
function tryExecSync(command, args, timeoutMs = 2e3) {
  try {
    return childProcess().execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: timeoutMs });
  } catch {
    return void 0;
  }
}
async function* streamLines(command, args, opts = {}) {
  const { createInterface } = process.getBuiltinModule("node:readline");
  const child = childProcess().spawn(command, args, { env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (b) => stderr += b.toString());
  const exited = new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code2) => resolve(code2));
  });
  try {
    for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity }))
      yield line;
    const code2 = await exited;
    if (opts.check && code2 !== 0)
      throw new CommandFailedError(command, args, code2, stderr);
  } finally {
    if (child.exitCode === null)
      child.kill();
  }
}
var childProcess, exec;
var init_exec = __esm({
  "build/lib/sys/exec.js"() {
    "use strict";
    init_errors();
    childProcess = () => process.getBuiltinModule("node:child_process");
    exec = (command, args, options = {}) => new Promise((resolve, reject) => {
      const child = childProcess().spawn(command, args, {
        env: options.env ?? process.env,
        stdio: [options.input === void 0 ? "ignore" : "pipe", "pipe", "pipe"],
        ...options.timeoutMs === void 0 ? {} : { timeout: options.timeoutMs }
      });
      const out = [];
      const err = [];
      child.stdout?.on("data", (b) => out.push(b));
      child.stderr?.on("data", (b) => err.push(b));
      if (options.input !== void 0)
        child.stdin?.end(options.input);
      child.on("error", (e) => reject(new CommandFailedError(command, args, null, e.message, { cause: e })));
      child.on("close", (code2, signal) => {
        const r = {
          code: code2 ?? 128 + (signal ? 15 : 0),
          stdout: Buffer.concat(out).toString("utf8"),
          stderr: Buffer.concat(err).toString("utf8")
        };
        if (r.code !== 0 && !options.allowFail)
          reject(new CommandFailedError(command, args, code2, r.stderr));
        else
          resolve(r);
      });
    });
  }
});

// build/lib/platforms/probe.js
function onPath(probe, cmd) {
  const dirs = (probe.env["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin").split(":");
  return dirs.some((d) => d && probe.exists(import_node_path.default.join(d, cmd)));
}
function parentComm(probe) {
  return probe.read(`/proc/${probe.ppid}/comm`)?.trim();
}
var import_node_fs, import_node_path, realProbe;
var init_probe = __esm({
  "build/lib/platforms/probe.js"() {
    "use strict";
    import_node_fs = require("node:fs");
    import_node_path = __toESM(require("node:path"), 1);
    init_exec();
    realProbe = {
      platform: process.platform,
      exists: import_node_fs.existsSync,
      read: (p) => {
        try {
          return (0, import_node_fs.readFileSync)(p, "utf8");
        } catch {
          return void 0;
        }
      },
      run: (cmd, args) => tryExecSync(cmd, args),
      env: process.env,
      pid: process.pid,
      ppid: process.ppid,
      stderrId: () => {
        try {
          const st = (0, import_node_fs.fstatSync)(2);
          return `${st.dev}:${st.ino}`;
        } catch {
          return void 0;
        }
      },
      tty: () => {
        const { isatty } = process.getBuiltinModule("node:tty");
        return isatty(0) || isatty(1) || isatty(2);
      }
    };
  }
});

// build/lib/sys/sea.js
function seaModule() {
  if (sea === void 0) {
    try {
      sea = process.getBuiltinModule("node:sea");
    } catch {
      sea = null;
    }
  }
  return sea ?? void 0;
}
function isSea() {
  return seaModule()?.isSea() === true;
}
function requirePackage(name, what) {
  if (isSea())
    throw new UnsupportedError(`${what} needs the ${name} package, which a single executable application cannot load`);
  return process.getBuiltinModule("node:module").createRequire(__importMetaUrl)(name);
}
function dlopenAsset(key) {
  let bytes;
  try {
    bytes = seaModule().getRawAsset(key);
  } catch (e) {
    throw new UnsupportedError(`this single executable application has no "${key}" asset; build it with the koffi asset (see the README, "One binary")`, { cause: e });
  }
  const dir = (0, import_node_fs2.mkdtempSync)(import_node_path2.default.join(import_node_os.default.tmpdir(), "servicekit-"));
  const file = import_node_path2.default.join(dir, key);
  (0, import_node_fs2.writeFileSync)(file, new Uint8Array(bytes), { flag: "wx", mode: 448 });
  const mod = { exports: {} };
  try {
    process.dlopen(mod, file);
  } finally {
    try {
      (0, import_node_fs2.rmSync)(dir, { recursive: true, force: true });
    } catch {
    }
  }
  return mod.exports;
}
var import_node_fs2, import_node_os, import_node_path2, sea, KOFFI_ASSET;
var init_sea = __esm({
  "build/lib/sys/sea.js"() {
    "use strict";
    import_node_fs2 = require("node:fs");
    import_node_os = __toESM(require("node:os"), 1);
    import_node_path2 = __toESM(require("node:path"), 1);
    init_errors();
    KOFFI_ASSET = "koffi.node";
  }
});

// build/lib/sys/koffi.js
function loadKoffi() {
  if (koffi === void 0) {
    if (isSea())
      koffi = dlopenAsset(KOFFI_ASSET);
    else {
      const req = process.getBuiltinModule("node:module").createRequire(__importMetaUrl);
      koffi = prebuilt(req) ?? req("koffi");
    }
  }
  return koffi;
}
function prebuilt(req) {
  try {
    const { readFileSync: readFileSync5 } = process.getBuiltinModule("node:fs");
    const path23 = process.getBuiltinModule("node:path");
    const main2 = req.resolve("koffi");
    const { version: version2 } = JSON.parse(readFileSync5(path23.join(path23.dirname(main2), "package.json"), "utf8"));
    const { platform: platform2, arch } = process;
    const dir = path23.dirname(process.getBuiltinModule("node:module").createRequire(main2).resolve(`@koromix/koffi-${platform2}-${arch}/package.json`));
    for (const build of [`${platform2}_${arch}`, `musl_${arch}`]) {
      try {
        const native = req(path23.join(dir, build, "koffi.node"));
        if (version2 !== void 0 && native.version === version2)
          return native;
      } catch {
      }
    }
  } catch {
  }
  return void 0;
}
var koffi;
var init_koffi = __esm({
  "build/lib/sys/koffi.js"() {
    "use strict";
    init_sea();
  }
});

// build/lib/sys/libc.js
function load() {
  if (libc)
    return libc;
  const koffi2 = loadKoffi();
  const lib = koffi2.load(process.platform === "darwin" ? "libc.dylib" : "libc.so.6");
  libc = {
    socket: lib.func("int socket(int, int, int)"),
    sendto: lib.func("intptr_t sendto(int, const void *, size_t, int, const void *, uint32_t)"),
    close: lib.func("int close(int)"),
    // openlog keeps the ident pointer: it is passed as a Buffer that is kept alive (see openSyslog).
    openlog: lib.func("void openlog(const void *, int, int)"),
    syslog: lib.func("void syslog(int, const char *, ...)"),
    flock: lib.func("int flock(int, int)"),
    sigaction: sigactionLayout() && lib.func(`int sigaction(int, const ${sigactionStruct(koffi2)} *, void *)`),
    errno: () => koffi2.errno()
  };
  return libc;
}
function sockaddrUn(socketPath) {
  const abstract = socketPath.startsWith("@");
  const p = Buffer.from(abstract ? socketPath.slice(1) : socketPath, "utf8");
  if (p.length > 107)
    throw new RangeError(`socket path too long: ${socketPath}`);
  const addr = Buffer.alloc(110);
  if (import_node_os2.default.endianness() === "LE")
    addr.writeUInt16LE(AF_UNIX, 0);
  else
    addr.writeUInt16BE(AF_UNIX, 0);
  p.copy(addr, abstract ? 3 : 2);
  return { addr, len: abstract ? 3 + p.length : 2 + p.length + 1 };
}
function openSyslog(ident) {
  const l = load();
  const wanted = Buffer.from(`${ident}\0`, "utf8");
  if (!syslogIdent || !syslogIdent.equals(wanted)) {
    syslogIdent = wanted;
    l.openlog(syslogIdent, LOG_PID | LOG_NDELAY, LOG_DAEMON);
  }
  return (priority, message) => void l.syslog(priority, "%s", "str", message);
}
function tryFlock(fd) {
  const l = load();
  if (l.flock(fd, LOCK_EX | LOCK_NB) === 0)
    return true;
  const errno = l.errno();
  if (errno === EWOULDBLOCK || errno === EWOULDBLOCK_BSD)
    return false;
  throw new SyscallError("flock", errno);
}
function sigactionLayout() {
  if (process.platform === "darwin")
    return { mask: 4, SA_SIGINFO: 64 };
  const linuxMask = 128;
  if (process.platform === "linux" && ["x64", "arm64", "ia32", "arm"].includes(process.arch))
    return { mask: linuxMask, SA_SIGINFO: 4 };
  return void 0;
}
function sigactionStruct(koffi2) {
  const name = "servicekit_sigaction";
  koffi2.struct(name, {
    handler: "intptr_t",
    mask: koffi2.array("uint8_t", sigactionLayout().mask),
    flags: "int",
    ...process.platform === "linux" ? { restorer: "intptr_t" } : {}
  });
  return name;
}
function libcAvailable() {
  try {
    load();
    return true;
  } catch {
    return false;
  }
}
function ignoreSignal(signum) {
  const l = load();
  const layout = sigactionLayout();
  if (!l.sigaction || !layout)
    return false;
  return l.sigaction(signum, { handler: SIG_IGN, flags: layout.SA_SIGINFO }, null) === 0;
}
var import_node_os2, libc, AF_UNIX, SOCK_DGRAM, SOCK_CLOEXEC, UnixDatagramSender, LOG_PID, LOG_NDELAY, LOG_DAEMON, syslogIdent, LOCK_EX, LOCK_NB, EWOULDBLOCK, EWOULDBLOCK_BSD, SIG_IGN;
var init_libc = __esm({
  "build/lib/sys/libc.js"() {
    "use strict";
    import_node_os2 = __toESM(require("node:os"), 1);
    init_errors();
    init_koffi();
    AF_UNIX = 1;
    SOCK_DGRAM = 2;
    SOCK_CLOEXEC = 524288;
    UnixDatagramSender = class {
      fd;
      addr;
      len;
      constructor(socketPath) {
        const l = load();
        ({ addr: this.addr, len: this.len } = sockaddrUn(socketPath));
        this.fd = l.socket(AF_UNIX, SOCK_DGRAM | (process.platform === "linux" ? SOCK_CLOEXEC : 0), 0);
        if (this.fd < 0)
          throw new SyscallError("socket", l.errno());
      }
      send(data) {
        const l = load();
        if (this.fd < 0)
          throw new SyscallError("send on closed socket", 9);
        const r = Number(l.sendto(this.fd, data, data.length, 0, this.addr, this.len));
        if (r < 0)
          throw new SyscallError("sendto", l.errno());
      }
      close() {
        if (this.fd >= 0)
          load().close(this.fd);
        this.fd = -1;
      }
    };
    LOG_PID = 1;
    LOG_NDELAY = 8;
    LOG_DAEMON = 3 << 3;
    LOCK_EX = 2;
    LOCK_NB = 4;
    EWOULDBLOCK = 11;
    EWOULDBLOCK_BSD = 35;
    SIG_IGN = 1;
  }
});

// build/lib/platforms/shared/sd-notify.js
function serviceType(cfg) {
  return cfg.systemd.type ?? (cfg.runsThisProgram ? "notify" : "exec");
}
function speaksNotify(cfg) {
  return serviceType(cfg) === "notify";
}
function sdNotifier(env = process.env, pid = process.pid) {
  const socketPath = env["NOTIFY_SOCKET"];
  if (!socketPath || !(socketPath.startsWith("/") || socketPath.startsWith("@")))
    return void 0;
  const sender = new UnixDatagramSender(socketPath);
  const send = (s) => {
    try {
      sender.send(Buffer.from(s, "utf8"));
    } catch {
    }
  };
  const usec = Number(env["WATCHDOG_USEC"]);
  const wpid = env["WATCHDOG_PID"];
  const armed = Number.isFinite(usec) && usec > 0 && (wpid === void 0 || Number(wpid) === pid);
  return {
    ready: () => send(`READY=1
MAINPID=${pid}`),
    // ERRNO= is part of the sd_notify protocol; start-stop-daemon --notify-await fails at once on it.
    startFailed: () => send("STATUS=start failed\nERRNO=5"),
    stopping: () => send("STOPPING=1"),
    reloading: () => send("RELOADING=1"),
    watchdogIntervalMs: armed ? Math.max(1, Math.floor(usec / 2e3)) : void 0,
    watchdog: () => send("WATCHDOG=1"),
    close: () => sender.close()
  };
}
var init_sd_notify = __esm({
  "build/lib/platforms/shared/sd-notify.js"() {
    "use strict";
    init_libc();
  }
});

// build/lib/log/logger.js
function loggerFrom(sink, onError) {
  const emit = (level, args) => {
    try {
      sink(level, (0, import_node_util.format)(...args));
    } catch (e) {
      onError?.(e);
    }
  };
  return {
    error: (...a) => emit("error", a),
    warning: (...a) => emit("warning", a),
    info: (...a) => emit("info", a)
  };
}
function withStderrFallback(tag, write, onError) {
  let failed = false;
  return (level, message) => {
    if (!failed) {
      try {
        write(level, message);
        return;
      } catch (e) {
        failed = true;
        onError?.(e);
      }
    }
    process.stderr.write(`${tag} ${level}: ${message}
`);
  };
}
function consoleLogger(name, onError, stream = process.stderr) {
  return loggerFrom((level, message) => {
    stream.write(`${(/* @__PURE__ */ new Date()).toISOString()} ${name} ${level}: ${message}
`);
  }, onError);
}
var import_node_util, PRIORITY;
var init_logger = __esm({
  "build/lib/log/logger.js"() {
    "use strict";
    import_node_util = require("node:util");
    PRIORITY = { error: 3, warning: 4, info: 6 };
  }
});

// build/lib/platforms/systemd/journald.js
function stderrIsJournal(probe = realProbe) {
  const js = probe.env["JOURNAL_STREAM"];
  return js !== void 0 && js !== "" && probe.stderrId() === js;
}
function journalDatagram(fields) {
  const parts = [];
  for (const [k, v] of Object.entries(fields)) {
    const value = Buffer.from(v, "utf8");
    if (v.includes("\n")) {
      const len = Buffer.alloc(8);
      len.writeBigUInt64LE(BigInt(value.length));
      parts.push(Buffer.from(`${k}
`), len, value, Buffer.from("\n"));
    } else {
      parts.push(Buffer.from(`${k}=`), value, Buffer.from("\n"));
    }
  }
  return Buffer.concat(parts);
}
function stderrPrefixed(level, message) {
  const p = PREFIX[level];
  if (!message.includes("\n"))
    return `${p}${message}
`;
  return `${p}${message.replaceAll("\n", `
${p}`)}
`;
}
function journaldLogger(identifier, onError, socketPath = JOURNAL_SOCKET, useStream = stderrIsJournal()) {
  if (useStream)
    return loggerFrom((level, message) => void process.stderr.write(stderrPrefixed(level, message)), onError);
  let sender;
  let useSocket = (0, import_node_fs3.existsSync)(socketPath);
  return loggerFrom((level, message) => {
    if (useSocket) {
      try {
        sender ??= new UnixDatagramSender(socketPath);
        sender.send(journalDatagram({ MESSAGE: message, PRIORITY: String(PRIORITY[level]), SYSLOG_IDENTIFIER: identifier }));
        return;
      } catch (e) {
        onError?.(e);
        if (!(e instanceof RangeError) && sender === void 0)
          useSocket = false;
      }
    }
    process.stderr.write(stderrPrefixed(level, message));
  }, onError);
}
var import_node_fs3, JOURNAL_SOCKET, PREFIX;
var init_journald = __esm({
  "build/lib/platforms/systemd/journald.js"() {
    "use strict";
    import_node_fs3 = require("node:fs");
    init_logger();
    init_libc();
    init_probe();
    JOURNAL_SOCKET = "/run/systemd/journal/socket";
    PREFIX = { error: `<${PRIORITY.error}>`, warning: `<${PRIORITY.warning}>`, info: `<${PRIORITY.info}>` };
  }
});

// build/lib/platforms/support.js
function otherTemplates(own) {
  return Object.fromEntries(TEMPLATED.filter((t) => t !== own).map((t) => [`templates.${t}`, `a template for ${t}, not this platform`]));
}
function valueOf(cfg, option) {
  const [group, key] = option.split(".");
  const top = cfg[group];
  return key === void 0 ? top : top?.[key];
}
function refuseUnsupported(cfg, platform2, unsupported8) {
  for (const option of cfg.given) {
    const value = valueOf(cfg, option);
    const group = option.includes(".") ? `${option.split(".")[0]}.*` : void 0;
    const why = unsupported8[option] ?? (typeof value === "string" || typeof value === "boolean" ? unsupported8[`${option}=${String(value)}`] : void 0) ?? (group === void 0 ? void 0 : unsupported8[group]);
    if (why !== void 0)
      throw new UnsupportedError(`${option} is not supported on ${platform2}: ${why}`);
  }
}
var NOT_WINDOWS, NOT_LAUNCHD, NOT_SMF, NO_CGROUP_LIMITS, TEMPLATED;
var init_support = __esm({
  "build/lib/platforms/support.js"() {
    "use strict";
    init_errors();
    NOT_WINDOWS = { "windows.*": "options of the Windows SCM" };
    NOT_LAUNCHD = { "launchd.*": "options of launchd" };
    NOT_SMF = { "smf.*": "options of Solaris SMF" };
    NO_CGROUP_LIMITS = {
      "limits.memoryMax": "a memory limit is a cgroup control (memory.max), which only systemd gives a service",
      "limits.cpuQuota": "a CPU quota is a cgroup control (cpu.max), which only systemd gives a service"
    };
    TEMPLATED = ["systemd", "sysv", "openrc", "upstart", "launchd"];
  }
});

// build/lib/platforms/systemd/unsupported.js
var unsupported;
var init_unsupported = __esm({
  "build/lib/platforms/systemd/unsupported.js"() {
    "use strict";
    init_support();
    unsupported = { ...otherTemplates("systemd"), ...NOT_LAUNCHD, ...NOT_WINDOWS, ...NOT_SMF };
  }
});

// build/lib/sys/fs.js
async function writeFileAtomic(file, content, opts) {
  const dir = import_node_path3.default.dirname(file);
  const tmp = import_node_path3.default.join(dir, `.${import_node_path3.default.basename(file)}.${suffix()}.tmp`);
  const fh = await import_node_fs4.promises.open(tmp, import_node_fs4.constants.O_WRONLY | import_node_fs4.constants.O_CREAT | import_node_fs4.constants.O_EXCL | import_node_fs4.constants.O_NOFOLLOW, 384);
  try {
    await fh.writeFile(content, "utf8");
    await fh.chmod(opts.mode);
    if (opts.uid !== void 0 || opts.gid !== void 0)
      await fh.chown(opts.uid ?? -1, opts.gid ?? -1);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => void 0);
    await import_node_fs4.promises.rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  try {
    await import_node_fs4.promises.rename(tmp, file);
  } catch (e) {
    await import_node_fs4.promises.rm(tmp, { force: true });
    throw e;
  }
}
async function exists(p) {
  try {
    await import_node_fs4.promises.lstat(p);
    return true;
  } catch {
    return false;
  }
}
async function lstat(p) {
  try {
    const st = (0, import_node_fs4.lstatSync)(p);
    const kind = st.isSymbolicLink() ? "link" : st.isFile() ? "file" : st.isDirectory() ? "directory" : "other";
    return { kind, uid: st.uid, mode: st.mode & 4095 };
  } catch (e) {
    if (e.code === "ENOENT" || e.code === "ENOTDIR")
      return void 0;
    throw e;
  }
}
async function readSmallFile(p) {
  const fd = (0, import_node_fs4.openSync)(p, "r");
  try {
    if ((0, import_node_fs4.fstatSync)(fd).size <= SYNC_READ_MAX)
      return (0, import_node_fs4.readFileSync)(fd, "utf8");
  } finally {
    (0, import_node_fs4.closeSync)(fd);
  }
  return import_node_fs4.promises.readFile(p, "utf8");
}
async function readFileNoFollow(p) {
  const fh = await import_node_fs4.promises.open(p, import_node_fs4.constants.O_RDONLY | import_node_fs4.constants.O_NOFOLLOW);
  try {
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}
async function readdirOrNone(dir) {
  try {
    return (0, import_node_fs4.readdirSync)(dir);
  } catch (e) {
    if (e.code === "ENOENT")
      return [];
    throw e;
  }
}
async function mkdirp(dir, mode) {
  const created = [];
  let d = import_node_path3.default.resolve(dir);
  const missing = [];
  while (!await exists(d)) {
    missing.unshift(d);
    const parent = import_node_path3.default.dirname(d);
    if (parent === d)
      break;
    d = parent;
  }
  for (const m of missing) {
    await import_node_fs4.promises.mkdir(m, { mode });
    await import_node_fs4.promises.chmod(m, mode);
    created.push(m);
  }
  return created;
}
var import_node_fs4, import_node_path3, suffix, SYNC_READ_MAX;
var init_fs = __esm({
  "build/lib/sys/fs.js"() {
    "use strict";
    import_node_fs4 = require("node:fs");
    import_node_path3 = __toESM(require("node:path"), 1);
    suffix = () => `${process.pid.toString(36)}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
    SYNC_READ_MAX = 256 * 1024;
  }
});

// build/lib/paths.js
var SYSTEM_RUNTIME_DIR, SYSTEM_STATE_DIR, SYSTEM_LOG_DIR;
var init_paths = __esm({
  "build/lib/paths.js"() {
    "use strict";
    SYSTEM_RUNTIME_DIR = "/run/servicekit";
    SYSTEM_STATE_DIR = "/var/lib/servicekit";
    SYSTEM_LOG_DIR = "/var/log/servicekit";
  }
});

// build/lib/sys/lock.js
function installLockPath(userService, env, euid) {
  if (!userService && euid === 0)
    return import_node_path4.default.join(LOCK_DIR, LOCK_NAME);
  const runtime = env["XDG_RUNTIME_DIR"] || `/run/user/${euid ?? 0}`;
  return import_node_path4.default.join(runtime, `servicekit-${LOCK_NAME}`);
}
async function ownDirectory(dir, uid) {
  try {
    await import_node_fs5.promises.mkdir(dir, { mode: 493 });
  } catch (e) {
    const code2 = e.code;
    if (code2 === "EACCES" || code2 === "ENOENT") {
      throw new PermissionError(`${dir} does not exist and cannot be made: a user's services need the user's runtime directory (a login session, or lingering: loginctl enable-linger)`, { cause: e });
    }
    if (code2 !== "EEXIST")
      throw e;
  }
  const st = await import_node_fs5.promises.lstat(dir);
  if (!st.isDirectory() || st.uid !== uid || (st.mode & 18) !== 0) {
    throw new PermissionError(`${dir} must be a directory owned by uid ${uid} that no one else can write; it is not, so servicekit will not use it`);
  }
}
async function withFileLock(file, fn, timeoutMs = 12e4, uid = process.geteuid?.() ?? 0) {
  await ownDirectory(import_node_path4.default.dirname(file), uid);
  const fh = await import_node_fs5.promises.open(file, import_node_fs5.constants.O_RDWR | import_node_fs5.constants.O_CREAT | import_node_fs5.constants.O_NOFOLLOW, 384);
  try {
    const st = await fh.stat();
    if (!st.isFile() || st.uid !== uid)
      throw new PermissionError(`${file} is not a regular file of uid ${uid}; servicekit will not lock it`);
    const end = Date.now() + timeoutMs;
    while (!tryFlock(fh.fd)) {
      if (Date.now() > end)
        throw new TimeoutError(`another install or uninstall held ${file} for ${Math.round(timeoutMs / 1e3)} s`);
      await (0, import_promises.setTimeout)(POLL_MS);
    }
    return await fn();
  } finally {
    await fh.close();
  }
}
var import_node_fs5, import_node_path4, import_promises, LOCK_DIR, LOCK_NAME, POLL_MS;
var init_lock = __esm({
  "build/lib/sys/lock.js"() {
    "use strict";
    import_node_fs5 = require("node:fs");
    import_node_path4 = __toESM(require("node:path"), 1);
    import_promises = require("node:timers/promises");
    init_errors();
    init_paths();
    init_libc();
    LOCK_DIR = (0, import_node_fs5.existsSync)("/run") ? SYSTEM_RUNTIME_DIR : `/var${SYSTEM_RUNTIME_DIR}`;
    LOCK_NAME = "install.lock";
    POLL_MS = 50;
  }
});

// build/lib/sys/host.js
var host_exports = {};
__export(host_exports, {
  realHost: () => realHost
});
var import_node_fs6, import_node_os3, realHost;
var init_host = __esm({
  "build/lib/sys/host.js"() {
    "use strict";
    import_node_fs6 = require("node:fs");
    import_node_os3 = require("node:os");
    init_exec();
    init_fs();
    init_lock();
    realHost = {
      exec,
      writeFileAtomic,
      remove: (f) => import_node_fs6.promises.rm(f, { force: true }),
      removeDir: (d) => import_node_fs6.promises.rmdir(d),
      exists,
      readdir: readdirOrNone,
      lstat,
      readFile: readSmallFile,
      readFileNoFollow,
      mkdirp,
      userName: () => (0, import_node_os3.userInfo)().username,
      euid: () => typeof process.geteuid === "function" ? process.geteuid() : void 0,
      withInstallLock: (userService, fn) => {
        const euid = realHost.euid();
        if (euid === void 0)
          return fn();
        return withFileLock(installLockPath(userService, process.env, euid), fn, void 0, euid);
      }
    };
  }
});

// build/lib/variables.js
function setVariable(env, name, value) {
  Object.defineProperty(env, name, { value, enumerable: true, writable: true, configurable: true });
}
var init_variables = __esm({
  "build/lib/variables.js"() {
    "use strict";
  }
});

// build/lib/checks.js
function checkText(field, v, opts = {}) {
  if (typeof v !== "string")
    throw new InvalidConfigError(field, "must be a string");
  if (!opts.allowEmpty && v === "")
    throw new InvalidConfigError(field, "must not be empty");
  if (v.includes("\0"))
    throw new InvalidConfigError(field, "contains a NUL character, which no service manager can pass on");
  if (!v.isWellFormed())
    throw new InvalidConfigError(field, "is not well-formed Unicode (lone surrogate)");
  if (v.length > MAX_VALUE_LENGTH)
    throw new InvalidConfigError(field, `is longer than ${MAX_VALUE_LENGTH} characters`);
  if (opts.singleLine && /[\x00-\x1f\x7f]/.test(v)) {
    throw new InvalidConfigError(field, "must be a single line without control characters");
  }
  return v;
}
function checkAbsolutePath(field, v, paths = import_node_path5.default) {
  const s = checkText(field, v, { singleLine: true });
  if (!paths.isAbsolute(s))
    throw new InvalidConfigError(field, `must be an absolute path (got ${JSON.stringify(s)})`);
  if (s !== s.trim())
    throw new InvalidConfigError(field, "must not start or end with white space");
  return paths.normalize(s);
}
function checkNumber(field, v, min, max, integer = false) {
  if (typeof v !== "number" || !Number.isFinite(v))
    throw new InvalidConfigError(field, "must be a finite number");
  if (integer && !Number.isInteger(v))
    throw new InvalidConfigError(field, "must be an integer");
  if (v < min || v > max)
    throw new InvalidConfigError(field, `must be between ${min} and ${max}`);
  return v;
}
function checkBool(field, v) {
  if (typeof v !== "boolean")
    throw new InvalidConfigError(field, "must be true or false");
  return v;
}
function checkOneOf(field, v, allowed) {
  if (!allowed.includes(v))
    throw new InvalidConfigError(field, `must be ${allowed.map((a) => JSON.stringify(a)).join(", ").replace(/, ([^,]*)$/, " or $1")}`);
  return v;
}
function checkKeys(field, v, known) {
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new InvalidConfigError(field, "must be an object");
  for (const k of Object.keys(v))
    if (!known.includes(k))
      throw new InvalidConfigError(field ? `${field}.${k}` : k, "is not a known option");
  return v;
}
function checkArray(field, v, what, each) {
  if (!Array.isArray(v))
    throw new InvalidConfigError(field, `must be an array of ${what}`);
  return v.map((x, i) => each(`${field}[${i}]`, x));
}
function resolveTable(field, given, table) {
  const keys = Object.keys(table);
  const o = given === void 0 ? {} : checkKeys(field, given, keys);
  const out = {};
  for (const k of keys) {
    const v = table[k](o[k], field ? `${field}.${k}` : k);
    if (v !== void 0)
      out[k] = v;
  }
  return out;
}
function optional(check2, dflt) {
  return (v, field) => v === void 0 ? dflt : check2(field, v);
}
function checkDuration(field, v, min, max) {
  if (typeof v === "number")
    return checkNumber(field, v, min, max);
  if (typeof v !== "string")
    throw new InvalidConfigError(field, 'must be a number of seconds or a duration such as "1s", "500ms", "2m"');
  let seconds;
  if (/^\d+(\.\d+)?$/.test(v))
    seconds = Number(v);
  else if (GO_DURATION.test(v))
    seconds = [...v.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)].reduce((t, m) => t + Number(m[1]) * DURATION_UNITS[m[2]], 0);
  else
    throw new InvalidConfigError(field, `${JSON.stringify(v)} is not a duration (e.g. "1s", "500ms", "2m", or a number of seconds)`);
  return checkNumber(field, Math.round(seconds * 1e6) / 1e6, min, max);
}
function checkSignalName(field, v) {
  const s = checkText(field, v, { singleLine: true }).toUpperCase();
  const name = s.startsWith("SIG") ? s : `SIG${s}`;
  if (!/^[A-Z0-9]+$/.test(s) || !(name in process.getBuiltinModule("node:os").constants.signals)) {
    throw new InvalidConfigError(field, `must be a signal name such as SIGHUP (got ${JSON.stringify(v)})`);
  }
  return name;
}
var import_node_path5, MAX_VALUE_LENGTH, DURATION_UNITS, GO_DURATION;
var init_checks = __esm({
  "build/lib/checks.js"() {
    "use strict";
    import_node_path5 = __toESM(require("node:path"), 1);
    init_errors();
    MAX_VALUE_LENGTH = 32 * 1024;
    DURATION_UNITS = { ns: 1e-9, us: 1e-6, "\xB5s": 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
    GO_DURATION = /^(\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
  }
});

// build/lib/name.js
function validateName(name) {
  if (name === void 0 || name === null || name === "")
    throw new NameRequiredError();
  if (typeof name !== "string")
    throw new InvalidConfigError("name", "must be a string");
  if (name.length > MAX_NAME_LENGTH) {
    throw new InvalidConfigError("name", `is longer than ${MAX_NAME_LENGTH} characters`);
  }
  if (!NAME_RE.test(name)) {
    throw new InvalidConfigError("name", `${JSON.stringify(name)} may only hold letters, digits, "_", "." and "-", and must start with a letter or digit`);
  }
  if (name.includes(".."))
    throw new InvalidConfigError("name", 'must not contain ".."');
  if (name.endsWith("."))
    throw new InvalidConfigError("name", 'must not end with "."');
  if (/\.(service|target|socket|timer|mount|path|slice|scope|conf|plist|sh)$/i.test(name)) {
    throw new InvalidConfigError("name", `give the bare name, without a file or unit suffix (${name})`);
  }
  return name;
}
var NAME_RE, MAX_NAME_LENGTH;
var init_name = __esm({
  "build/lib/name.js"() {
    "use strict";
    init_errors();
    NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
    MAX_NAME_LENGTH = 100;
  }
});

// build/lib/limits.js
function checkBytes(field, v) {
  if (typeof v === "number")
    return checkNumber(field, v, MIN_MEMORY, MAX_MEMORY, true);
  const m = /^(\d+)\s*([KMGT]?)$/i.exec(typeof v === "string" ? v.trim() : "");
  if (!m)
    throw new InvalidConfigError(field, `must be a number of bytes or a size such as "512M" or "2G" (got ${JSON.stringify(v)})`);
  return checkNumber(field, Number(m[1]) * SIZE_UNITS[m[2].toUpperCase()], MIN_MEMORY, MAX_MEMORY, true);
}
function checkRlimit(field, v) {
  if (v === -1 || v === "infinity")
    return "infinity";
  return checkNumber(field, v, 1, MAX_RLIMIT, true);
}
function resolveLimits(v, legacyNoFile) {
  const limits = resolveTable("limits", v, {
    memoryMax: optional(checkBytes),
    cpuQuota: optional((f, x) => checkNumber(f, x, 1, MAX_CPU_PERCENT, true)),
    openFiles: optional(checkRlimit),
    processes: optional(checkRlimit)
  });
  if (legacyNoFile === void 0)
    return limits;
  if (limits.openFiles !== void 0)
    throw new InvalidConfigError("limits.openFiles", "is also set as systemd.limitNOFILE (the Go library's name): give one");
  return { ...limits, openFiles: legacyNoFile };
}
function checkGroupName(field, v, userService) {
  const s = checkText(field, v, { singleLine: true });
  if (userService)
    throw new InvalidConfigError(field, "a user service runs with its user's groups; groupName is for system services");
  if (!GROUP_RE.test(s) || s.length > MAX_GROUP)
    throw new InvalidConfigError(field, `${JSON.stringify(s)} is not a valid group name`);
  return s;
}
function checkKillSignal(field, v) {
  const name = checkSignalName(field, v);
  const why = NOT_STOP[name];
  if (why !== void 0)
    throw new InvalidConfigError(field, `${name} ${why}`);
  return name;
}
var SIZE_UNITS, MIN_MEMORY, MAX_MEMORY, MAX_CPU_PERCENT, MAX_RLIMIT, GROUP_RE, MAX_GROUP, NOT_STOP;
var init_limits = __esm({
  "build/lib/limits.js"() {
    "use strict";
    init_checks();
    init_errors();
    SIZE_UNITS = { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };
    MIN_MEMORY = 1024 * 1024;
    MAX_MEMORY = 2 ** 53;
    MAX_CPU_PERCENT = 100 * 4096;
    MAX_RLIMIT = 2 ** 31;
    GROUP_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
    MAX_GROUP = 32;
    NOT_STOP = {
      SIGSTOP: "pauses the program instead of stopping it",
      SIGCONT: "does not stop anything",
      SIGCHLD: "is ignored by default",
      SIGWINCH: "is ignored by default",
      SIGURG: "is ignored by default"
    };
  }
});

// build/lib/platforms/smf/options.js
function checkPrefix(field, v) {
  const s = checkText(field, v, { singleLine: true });
  if (!PREFIX_RE.test(s) || s.length > 200)
    throw new InvalidConfigError(field, `${JSON.stringify(s)} is not an FMRI category (e.g. "application" or "site/web")`);
  return s;
}
function resolveSmfOptions(v) {
  return resolveTable("smf", v, { prefix: optional(checkPrefix, "application") });
}
var PREFIX_RE;
var init_options = __esm({
  "build/lib/platforms/smf/options.js"() {
    "use strict";
    init_checks();
    init_errors();
    PREFIX_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;
  }
});

// build/lib/platforms/launchd/options.js
function resolveLaunchdOptions(v) {
  return resolveTable("launchd", v, {
    runAtLoad: optional(checkBool, true),
    sessionCreate: optional(checkBool, false),
    keepAlive: optional(checkBool)
  });
}
var init_options2 = __esm({
  "build/lib/platforms/launchd/options.js"() {
    "use strict";
    init_checks();
  }
});

// build/lib/platforms/systemd/options.js
function resolveSystemdOptions(v) {
  return resolveTable("systemd", v, {
    type: optional((f, x) => checkOneOf(f, x, ["notify", "exec", "simple"])),
    limitNOFILE: optional(checkRlimit),
    startLimitIntervalSec: optional((f, x) => checkDuration(f, x, 0, 86400)),
    startLimitBurst: optional((f, x) => checkNumber(f, x, 0, 1e6, true), SYSTEMD_DEFAULTS.startLimitBurst),
    watchdogSec: optional((f, x) => checkDuration(f, x, 1, 86400))
  });
}
var SYSTEMD_DEFAULTS;
var init_options3 = __esm({
  "build/lib/platforms/systemd/options.js"() {
    "use strict";
    init_checks();
    init_limits();
    SYSTEMD_DEFAULTS = { startLimitBurst: 10 };
  }
});

// build/lib/platforms/windows/options.js
function checkPassword(field, v) {
  if (typeof v !== "string" || v.includes("\0") || !v.isWellFormed())
    throw new InvalidConfigError(field, "must be a string without NUL characters");
  return v;
}
function resolveWindowsOptions(v) {
  const o = resolveTable("windows", v, {
    startType: optional((f, x) => checkOneOf(f, x, ["automatic", "manual", "disabled"]), "automatic"),
    delayedAutoStart: optional(checkBool, false),
    password: optional(checkPassword),
    onFailure: optional((f, x) => checkOneOf(f, x, ["restart", "reboot", "noaction"])),
    onFailureDelaySec: optional((f, x) => checkDuration(f, x, 0, 86400)),
    onFailureResetPeriodSec: optional((f, x) => checkNumber(f, x, 0, 2 ** 31, true), 86400),
    interactive: optional(checkBool)
  });
  if (o.delayedAutoStart && o.startType !== "automatic") {
    throw new InvalidConfigError("windows.delayedAutoStart", 'only applies to startType "automatic"');
  }
  if (o.password !== void 0) {
    Object.defineProperty(o, "password", { value: o.password, enumerable: false });
  }
  return o;
}
var init_options4 = __esm({
  "build/lib/platforms/windows/options.js"() {
    "use strict";
    init_checks();
    init_errors();
  }
});

// build/lib/config.js
var config_exports = {};
__export(config_exports, {
  CONFIG_KEYS: () => CONFIG_KEYS,
  DEFAULTS: () => DEFAULTS,
  RESERVED_ENV_PREFIX: () => RESERVED_ENV_PREFIX,
  UNIT_DEPENDENCIES: () => UNIT_DEPENDENCIES,
  defaultContext: () => defaultContext,
  resolveConfig: () => resolveConfig,
  validateName: () => validateName
});
function pathsOf(ctx) {
  return ctx.paths === void 0 ? import_node_path6.default : import_node_path6.default[ctx.paths];
}
function defaultContext() {
  const sea2 = isSea();
  const script = !sea2 && process.argv[1] ? import_node_path6.default.resolve(process.argv[1]) : void 0;
  return {
    execPath: process.execPath,
    ...script === void 0 ? {} : { script },
    ...sea2 ? { sea: sea2 } : {},
    cwd: process.cwd(),
    home: process.env["HOME"] ?? "/"
  };
}
function some(key, value) {
  return value === void 0 ? {} : { [key]: value };
}
function resolveAccount(config) {
  const userService = config.userService === void 0 ? false : checkBool("userService", config.userService);
  if (config.userName === void 0)
    return { userService };
  const userName = checkText("userName", config.userName, { singleLine: true });
  const posix = USER_RE.test(userName) && userName.length <= MAX_POSIX_USER;
  const windows2 = WINDOWS_USER_RE.test(userName) && userName.length <= MAX_WINDOWS_USER;
  if (!posix && !windows2)
    throw new InvalidConfigError("userName", `${JSON.stringify(userName)} is not a valid account name`);
  if (userService)
    throw new InvalidConfigError("userName", "a user service always runs as its own user; userName is for system services");
  return { userService, userName };
}
function resolveProgram(config, ctx) {
  const userArgs = checkArray("arguments", config.arguments ?? [], "strings", (f, a) => checkText(f, a, { allowEmpty: true }));
  const own = config.executable === void 0;
  const script = own ? ctx.script : void 0;
  const defaultDir = script !== void 0 ? import_node_path6.default.dirname(script) : own && ctx.sea ? pathsOf(ctx).dirname(ctx.execPath) : ctx.cwd;
  return {
    executable: own ? ctx.execPath : checkAbsolutePath("executable", config.executable, pathsOf(ctx)),
    arguments: script === void 0 ? userArgs : [script, ...userArgs],
    runsThisProgram: own,
    workingDirectory: config.workingDirectory === void 0 ? defaultDir : checkAbsolutePath("workingDirectory", config.workingDirectory, pathsOf(ctx)),
    ...some("chroot", config.chroot === void 0 ? void 0 : checkAbsolutePath("chroot", config.chroot, pathsOf(ctx)))
  };
}
function resolveEnv(env) {
  if (env === void 0)
    return {};
  if (typeof env !== "object" || env === null || Array.isArray(env))
    throw new InvalidConfigError("env", "must be an object of strings");
  const out = {};
  for (const [k, v] of Object.entries(env)) {
    if (!ENV_KEY_RE.test(k))
      throw new InvalidConfigError(`env.${k}`, 'variable names are letters, digits and "_", not starting with a digit');
    if (k.toLowerCase().startsWith(RESERVED_ENV_PREFIX))
      throw new InvalidConfigError(`env.${k}`, `the prefix ${RESERVED_ENV_PREFIX} is reserved`);
    setVariable(out, k, checkText(`env.${k}`, v, { allowEmpty: true }));
  }
  return out;
}
function resolveLinger(v, userService) {
  const linger = v === void 0 ? false : checkBool("linger", v);
  if (linger && !userService)
    throw new InvalidConfigError("linger", "lingering is for user services (userService: true); a system service runs without any login");
  return linger;
}
function resolveEnvironmentFiles(v, ctx) {
  if (v === void 0)
    return [];
  const files = typeof v === "string" ? [v] : v;
  return checkArray("environmentFile", files, "absolute paths", (f, x) => checkAbsolutePath(f, x, pathsOf(ctx)));
}
function checkDependency(field, d) {
  const s = checkText(field, d, { singleLine: true });
  if (!DEPENDENCY_RE.test(s) || s.includes(".."))
    throw new InvalidConfigError(field, `${JSON.stringify(s)} is not a valid service name`);
  return s;
}
function resolveDependencies(v) {
  const dependencies2 = [];
  const unitDependencies = [];
  checkArray("dependencies", v ?? [], "service names or unit lines", (field, d) => {
    const s = checkText(field, d, { singleLine: true });
    const eq = s.indexOf("=");
    if (eq < 0)
      return dependencies2.push(checkDependency(field, s));
    const directive = s.slice(0, eq).trim();
    if (!UNIT_DEPENDENCIES.includes(directive)) {
      throw new InvalidConfigError(field, `${JSON.stringify(directive)} is not a dependency directive (${UNIT_DEPENDENCIES.join(", ")})`);
    }
    const units = s.slice(eq + 1).trim().split(/\s+/).filter(Boolean);
    if (units.length === 0)
      throw new InvalidConfigError(field, `${directive}= names no unit`);
    units.forEach((u, i) => checkDependency(`${field}.${directive}[${i}]`, u));
    return unitDependencies.push({ directive, units });
  });
  return { dependencies: dependencies2, unitDependencies };
}
function resolveLifecycle(config) {
  const reloadSignal = config.reloadSignal === void 0 ? void 0 : checkSignal("reloadSignal", config.reloadSignal);
  return {
    restart: config.restart === void 0 ? DEFAULTS.restart : checkOneOf("restart", config.restart, RESTART_POLICIES),
    restartSec: config.restartSec === void 0 ? DEFAULTS.restartSec : checkDuration("restartSec", config.restartSec, 0, 86400),
    successExitStatus: resolveExitStatus(config.successExitStatus),
    ...some("reloadSignal", reloadSignal),
    ...some("pidFile", config.pidFile === void 0 ? void 0 : checkAbsolutePath("pidFile", config.pidFile)),
    stopTimeoutSec: config.stopTimeoutSec === void 0 ? DEFAULTS.stopTimeoutSec : checkDuration("stopTimeoutSec", config.stopTimeoutSec, 0.1, 3600)
  };
}
function resolveExitStatus(v) {
  const items = typeof v === "string" ? v.trim().split(/\s+/).filter(Boolean).map((x) => /^\d+$/.test(x) ? Number(x) : x) : v ?? [];
  return checkArray("successExitStatus", items, "exit codes and signal names", (f, c) => typeof c === "number" ? checkNumber(f, c, 0, 255, true) : checkSignalName(f, c));
}
function checkSignal(field, v) {
  const name = checkSignalName(field, v);
  const why = NOT_RELOAD[name];
  if (why !== void 0)
    throw new InvalidConfigError(field, `${name} ${why}; use SIGHUP or SIGUSR2`);
  return name;
}
function resolveLogging(config, name, userService, ctx) {
  const defaultDir = userService ? import_node_path6.default.join(ctx.home, ".local", "state", name) : DEFAULTS.logDirectory;
  return {
    logOutput: config.logOutput === void 0 ? false : checkBool("logOutput", config.logOutput),
    logDirectory: config.logDirectory === void 0 ? defaultDir : checkAbsolutePath("logDirectory", config.logDirectory, pathsOf(ctx))
  };
}
function checkTemplate(field, t) {
  if (typeof t === "function")
    return t;
  if (typeof t === "string" && !t.includes("\0"))
    return t;
  throw new InvalidConfigError(field, "must be a template string or a function");
}
function resolveTemplates(v, any) {
  const o = v === void 0 ? {} : checkKeys("templates", v, TEMPLATE_KEYS);
  const fallback = any === void 0 ? void 0 : checkTemplate("template", any);
  const out = {};
  for (const k of TEMPLATE_KEYS) {
    const t = o[k] === void 0 ? fallback : checkTemplate(`templates.${k}`, o[k]);
    if (t !== void 0)
      out[k] = t;
  }
  return out;
}
function givenOptions(config) {
  const out = [];
  for (const [k, v] of Object.entries(config)) {
    if (v === void 0 || k === "name")
      continue;
    if (k === "dependencies" && Array.isArray(v) && v.some((d) => typeof d === "string" && d.includes("=")))
      out.push("unitDependencies");
    if (OPTION_GROUPS.includes(k) && typeof v === "object" && v !== null) {
      for (const [sub, x] of Object.entries(v))
        if (x !== void 0)
          out.push(`${k}.${sub}`);
    } else {
      out.push(k);
    }
  }
  return out;
}
function resolveConfig(config, ctx = defaultContext()) {
  if (typeof config !== "object" || config === null)
    throw new InvalidConfigError("config", "must be an object");
  checkKeys("", config, CONFIG_KEYS);
  const name = validateName(config.name);
  const displayName = config.displayName === void 0 ? name : checkText("displayName", config.displayName, { singleLine: true });
  const account = resolveAccount(config);
  const systemd2 = resolveSystemdOptions(config.systemd);
  const lifecycle = resolveLifecycle(config);
  const burst = systemd2.startLimitBurst;
  return {
    name,
    displayName,
    description: config.description === void 0 ? displayName : checkText("description", config.description, { singleLine: true, allowEmpty: true }),
    ...account,
    ...resolveProgram(config, ctx),
    ...resolveDependencies(config.dependencies),
    env: resolveEnv(config.env),
    environmentFiles: resolveEnvironmentFiles(config.environmentFile, ctx),
    fileEnv: {},
    enabled: config.enabled === void 0 ? true : checkBool("enabled", config.enabled),
    linger: resolveLinger(config.linger, account.userService),
    ...lifecycle,
    given: givenOptions(config),
    startLimit: { intervalSec: systemd2.startLimitIntervalSec ?? burst * (lifecycle.restartSec + 1), burst },
    ...resolveLogging(config, name, account.userService, ctx),
    killSignal: config.killSignal === void 0 ? DEFAULTS.killSignal : checkKillSignal("killSignal", config.killSignal),
    ...some("groupName", config.groupName === void 0 ? void 0 : checkGroupName("groupName", config.groupName, account.userService)),
    limits: resolveLimits(config.limits, systemd2.limitNOFILE),
    systemd: systemd2,
    launchd: resolveLaunchdOptions(config.launchd),
    windows: resolveWindowsOptions(config.windows),
    smf: resolveSmfOptions(config.smf),
    templates: resolveTemplates(config.templates, config.template),
    source: withoutPassword(config)
  };
}
function withoutPassword(config) {
  if (config.windows?.password === void 0)
    return config;
  const { password: _password, ...windows2 } = config.windows;
  return { ...config, windows: windows2 };
}
var import_node_path6, RESTART_POLICIES, TEMPLATE_KEYS, CONFIG_KEYS, DEFAULTS, RESERVED_ENV_PREFIX, ENV_KEY_RE, USER_RE, MAX_POSIX_USER, WINDOWS_USER_RE, MAX_WINDOWS_USER, NOT_RELOAD, DEPENDENCY_RE, UNIT_DEPENDENCIES, OPTION_GROUPS;
var init_config = __esm({
  "build/lib/config.js"() {
    "use strict";
    import_node_path6 = __toESM(require("node:path"), 1);
    init_checks();
    init_errors();
    init_name();
    init_sea();
    init_variables();
    init_limits();
    init_paths();
    init_options();
    init_options2();
    init_options3();
    init_options4();
    RESTART_POLICIES = ["always", "on-failure", "no", "on-success", "on-abnormal", "on-abort", "on-watchdog"];
    TEMPLATE_KEYS = ["systemd", "sysv", "openrc", "upstart", "launchd"];
    CONFIG_KEYS = [
      "name",
      "displayName",
      "description",
      "userName",
      "arguments",
      "executable",
      "dependencies",
      "workingDirectory",
      "chroot",
      "env",
      "environmentFile",
      "userService",
      "linger",
      "enabled",
      "restart",
      "restartSec",
      "logOutput",
      "logDirectory",
      "successExitStatus",
      "reloadSignal",
      "pidFile",
      "stopTimeoutSec",
      "killSignal",
      "groupName",
      "limits",
      "systemd",
      "launchd",
      "windows",
      "smf",
      "templates",
      "template"
    ];
    DEFAULTS = {
      restart: "always",
      restartSec: 1,
      stopTimeoutSec: 20,
      killSignal: "SIGTERM",
      logDirectory: SYSTEM_LOG_DIR
    };
    RESERVED_ENV_PREFIX = "__servicekit";
    ENV_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
    USER_RE = /^[A-Za-z_][A-Za-z0-9_.-]*\$?$/;
    MAX_POSIX_USER = 32;
    WINDOWS_USER_RE = /^([A-Za-z0-9._-]+( [A-Za-z0-9._-]+)*\\[A-Za-z0-9 ._$-]+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+)$/;
    MAX_WINDOWS_USER = 256;
    NOT_RELOAD = {
      SIGKILL: "cannot be caught",
      SIGSTOP: "cannot be caught",
      SIGTERM: "stops the service",
      SIGINT: "stops the service",
      SIGUSR1: "is reserved by Node.js for its inspector"
    };
    DEPENDENCY_RE = /^[A-Za-z0-9][A-Za-z0-9_.@:-]*$/;
    UNIT_DEPENDENCIES = ["After", "Before", "Requires", "Requisite", "Wants", "BindsTo", "PartOf", "Conflicts"];
    OPTION_GROUPS = ["systemd", "launchd", "windows", "smf", "templates", "limits"];
  }
});

// build/lib/sys/trust.js
function describePath(info) {
  return info.kind === "directory" || info.kind === "file" ? `uid ${info.uid}, mode ${(info.mode & 511).toString(8)}` : `a ${info.kind}`;
}
async function checkParents(host, field, p, uid) {
  for (let parent = import_node_path7.default.dirname(p); ; parent = import_node_path7.default.dirname(parent)) {
    const info = await host.lstat(parent);
    if (info !== void 0 && info.kind !== "link" && (info.mode & 2) !== 0 && (info.mode & STICKY) === 0) {
      throw new InvalidConfigError(field, `${p} is under ${parent}, which anyone can write`);
    }
    if (info !== void 0 && info.uid !== 0 && info.uid !== uid)
      throw new InvalidConfigError(field, `${p} is under ${parent}, owned by uid ${info.uid}`);
    if (parent === import_node_path7.default.dirname(parent))
      break;
  }
}
async function checkTrustedFile(host, field, file, uid) {
  const info = await host.lstat(file);
  if (info === void 0)
    throw new InvalidConfigError(field, `${file} does not exist`);
  if (info.kind !== "file" || info.uid !== 0 && info.uid !== uid || (info.mode & WRITABLE_BY_OTHERS) !== 0) {
    const who = uid === 0 ? "root" : `root or uid ${uid}`;
    throw new InvalidConfigError(field, `${file} must be a regular file owned by ${who} that no one else can write (it is ${describePath(info)})`);
  }
  await checkParents(host, field, file, uid);
}
var import_node_path7, STICKY, WRITABLE_BY_OTHERS;
var init_trust = __esm({
  "build/lib/sys/trust.js"() {
    "use strict";
    import_node_path7 = __toESM(require("node:path"), 1);
    init_errors();
    STICKY = 512;
    WRITABLE_BY_OTHERS = 18;
  }
});

// build/lib/sys/rollback.js
function interrupted(signal, before) {
  if (!signal?.aborted)
    return void 0;
  const why = signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? "aborted");
  return new InterruptedError(`interrupted (${why}) ${before}; undone`, { cause: signal.reason });
}
async function withRollback(body, opts = {}) {
  const undos = [];
  let n = 0;
  const step = async (name, fn, undoUpFront) => {
    const stop = interrupted(opts.signal, `before "${name}"`);
    if (stop)
      throw stop;
    if (++n === opts.failAt)
      throw new CommandFailedError("injected", [name], null, `failure injected at step ${n}`);
    if (undoUpFront)
      undos.push({ name, undo: undoUpFront });
    const undo = await fn();
    if (undo)
      undos.push({ name, undo });
  };
  try {
    await body(step);
    const stop = interrupted(opts.signal, "at the end");
    if (stop)
      throw stop;
  } catch (e) {
    const failures = [];
    for (const { name, undo } of undos.reverse()) {
      try {
        await undo();
      } catch (err) {
        failures.push({ step: name, error: err });
      }
    }
    if (failures.length && e instanceof ServiceError) {
      Object.defineProperty(e, "rollbackFailures", { value: failures, enumerable: true });
    }
    throw e;
  }
}
var init_rollback = __esm({
  "build/lib/sys/rollback.js"() {
    "use strict";
    init_errors();
  }
});

// build/lib/sys/users.js
async function checkExecutable(host, file) {
  if (!await host.exists(file))
    throw new InvalidConfigError("executable", `${file} does not exist`);
  try {
    const st = await import_node_fs7.promises.stat(file);
    if (!st.isFile())
      throw new InvalidConfigError("executable", `${file} is not a file`);
    await import_node_fs7.promises.access(file, import_node_fs7.constants.X_OK);
  } catch (e) {
    if (e instanceof InvalidConfigError)
      throw e;
    throw new InvalidConfigError("executable", `${file} is not executable`, { cause: e });
  }
}
async function lookupUser(host, name) {
  const r = await host.exec("id", [name], { allowFail: true });
  const m = /^uid=(\d+)\([^)]*\) gid=(\d+)\b/.exec(r.stdout.trim());
  if (r.code !== 0 || !m)
    throw new InvalidConfigError("userName", `account ${name} does not exist`);
  return { uid: Number(m[1]), gid: Number(m[2]) };
}
var import_node_fs7;
var init_users = __esm({
  "build/lib/sys/users.js"() {
    "use strict";
    import_node_fs7 = require("node:fs");
    init_errors();
  }
});

// build/lib/platforms/ownership.js
function markText(name) {
  return `managed-by: servicekit (name=${name})`;
}
function xmlMark(name) {
  return `<!-- ${markText(name).replace(/--/g, "- -")} -->`;
}
function markLine(name) {
  return `# ${markText(name)}`;
}
async function assertOwned(host, file, name, uid, mark = markText(name)) {
  const info = await host.lstat(file);
  if (info === void 0)
    return;
  if (info.kind === "link")
    throw new NotOwnedError(name, file, "is a link (an alias or someone else's file)");
  if (info.kind !== "file")
    throw new NotOwnedError(name, file, "is not a regular file");
  if (info.uid !== uid)
    throw new NotOwnedError(name, file, `is owned by uid ${info.uid}, not ${uid}`);
  if ((info.mode & 18) !== 0)
    throw new NotOwnedError(name, file, "is writable by others");
  const content = await host.readFile(file);
  if (!content.includes(mark))
    throw new NotOwnedError(name, file, `has no "${mark}" mark`);
}
async function isOwned(host, file, name, uid, mark = markText(name)) {
  try {
    await assertOwned(host, file, name, uid, mark);
    return await host.lstat(file) !== void 0;
  } catch {
    return false;
  }
}
var init_ownership = __esm({
  "build/lib/platforms/ownership.js"() {
    "use strict";
    init_errors();
  }
});

// build/lib/platforms/shared/env-file.js
function parseEnvFile(bytes) {
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new EnvFileSyntaxError(lineOfInvalidUtf8(bytes), "not UTF-8 text");
  }
  const out = {};
  let state = "preKey";
  let key = "";
  let value = "";
  let keyEnd = -1;
  let valueEnd = -1;
  let line = 1;
  const push = () => {
    const k = keyEnd >= 0 ? key.slice(0, keyEnd) : key;
    if (!ENV_NAME_RE.test(k))
      throw new EnvFileSyntaxError(line, `${JSON.stringify(k)} is not a variable name (letters, digits and "_", not starting with a digit)`);
    setVariable(out, k, value);
    key = "";
    value = "";
    keyEnd = -1;
  };
  const noEquals = () => new EnvFileSyntaxError(line, `${JSON.stringify(key.trim())} has no "=" (systemd ignores such a line)`);
  for (const c of text) {
    if (c === "\0")
      throw new EnvFileSyntaxError(line, "a NUL byte (systemd stops reading the file there)");
    switch (state) {
      case "preKey":
        if (COMMENTS.includes(c))
          state = "comment";
        else if (!WHITESPACE.includes(c)) {
          state = "key";
          keyEnd = -1;
          key = c;
        }
        break;
      case "key":
        if (NEWLINE.includes(c)) {
          throw noEquals();
        } else if (c === "=") {
          state = "preValue";
          valueEnd = -1;
        } else {
          if (!WHITESPACE.includes(c))
            keyEnd = -1;
          else if (keyEnd < 0)
            keyEnd = key.length;
          key += c;
        }
        break;
      case "preValue":
        if (NEWLINE.includes(c)) {
          push();
          state = "preKey";
        } else if (c === "'")
          state = "single";
        else if (c === '"')
          state = "double";
        else if (c === "\\")
          state = "valueEscape";
        else if (!WHITESPACE.includes(c)) {
          state = "value";
          value += c;
        }
        break;
      case "value":
        if (NEWLINE.includes(c)) {
          if (valueEnd >= 0)
            value = value.slice(0, valueEnd);
          push();
          state = "preKey";
        } else if (c === "\\") {
          state = "valueEscape";
          valueEnd = -1;
        } else {
          if (!WHITESPACE.includes(c))
            valueEnd = -1;
          else if (valueEnd < 0)
            valueEnd = value.length;
          value += c;
        }
        break;
      case "valueEscape":
        state = "value";
        if (!NEWLINE.includes(c))
          value += c;
        break;
      case "single":
        if (c === "'")
          state = "preValue";
        else
          value += c;
        break;
      case "double":
        if (c === '"')
          state = "preValue";
        else if (c === "\\")
          state = "doubleEscape";
        else
          value += c;
        break;
      case "doubleEscape":
        state = "double";
        if (DOUBLE_QUOTE_ESCAPES.includes(c))
          value += c;
        else if (c !== "\n")
          value += `\\${c}`;
        break;
      case "comment":
        if (c === "\\")
          state = "commentEscape";
        else if (NEWLINE.includes(c))
          state = "preKey";
        break;
      case "commentEscape":
        if (NEWLINE.includes(c))
          throw new EnvFileSyntaxError(line, 'a comment ending in "\\" (systemd before 254 reads the next line as a comment, later ones as a setting)');
        state = "comment";
        break;
    }
    if (c === "\n")
      line++;
  }
  if (state === "key")
    throw noEquals();
  if (state === "value" && valueEnd >= 0)
    value = value.slice(0, valueEnd);
  if (state !== "preKey" && state !== "comment" && state !== "commentEscape")
    push();
  return out;
}
function lineOfInvalidUtf8(bytes) {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 10)
      continue;
    try {
      decoder.decode(bytes.subarray(start, i));
    } catch {
      return line;
    }
    line++;
    start = i + 1;
  }
  return line;
}
function serviceEnv(cfg) {
  const out = {};
  for (const [k, v] of [...Object.entries(cfg.env), ...Object.entries(cfg.fileEnv)])
    setVariable(out, k, v);
  return out;
}
function definitionMode(cfg, mode) {
  return cfg.environmentFiles.length ? mode & 448 : mode;
}
var WHITESPACE, NEWLINE, COMMENTS, DOUBLE_QUOTE_ESCAPES, ENV_NAME_RE, EnvFileSyntaxError;
var init_env_file = __esm({
  "build/lib/platforms/shared/env-file.js"() {
    "use strict";
    init_variables();
    WHITESPACE = " 	\n\r";
    NEWLINE = "\n\r";
    COMMENTS = "#;";
    DOUBLE_QUOTE_ESCAPES = '"\\`$';
    ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
    EnvFileSyntaxError = class extends Error {
      line;
      constructor(line, message) {
        super(`line ${line}: ${message}`);
        this.line = line;
      }
    };
  }
});

// build/lib/platforms/shared/exec-limits.js
function checkExecLimits(cfg) {
  let total = 0;
  const one = (field, s) => {
    const bytes = Buffer.byteLength(s, "utf8") + 1;
    if (bytes > MAX_ARG_STRLEN)
      throw new InvalidConfigError(field, `is ${bytes} bytes; a program can be given at most ${MAX_ARG_STRLEN} per argument or variable`);
    total += bytes + POINTER;
  };
  one("executable", cfg.executable);
  cfg.arguments.forEach((a, i) => one(`arguments[${i}]`, a));
  const env = serviceEnv(cfg);
  for (const [k, v] of Object.entries(env))
    one(`env.${k}`, `${k}=${v}`);
  if (total > EXEC_BUDGET) {
    throw new InvalidConfigError(Object.keys(env).length ? "env" : "arguments", `arguments and environment take ${total} bytes; at most ${EXEC_BUDGET} can be passed to a program`);
  }
}
var MAX_ARG_STRLEN, EXEC_BUDGET, POINTER;
var init_exec_limits = __esm({
  "build/lib/platforms/shared/exec-limits.js"() {
    "use strict";
    init_errors();
    init_env_file();
    MAX_ARG_STRLEN = 32 * 4096;
    EXEC_BUDGET = 1024 * 1024;
    POINTER = 8;
  }
});

// build/lib/platforms/shared/logrotate.js
function logrotatePath(name) {
  return import_node_path8.default.posix.join(LOGROTATE_DIR, `servicekit-${name}`);
}
function quotedPath(p) {
  if (/["\n\r*?[\]{}\\]/.test(p))
    throw new InvalidConfigError("logDirectory", `${JSON.stringify(p)} holds a character logrotate would read as a pattern or a quote`);
  return `"${p}"`;
}
function renderLogrotate(cfg, files, at) {
  const content = [
    markLine(cfg.name),
    `${files.map(quotedPath).join(" ")} {`,
    `    size ${ROTATE_SIZE}`,
    `    rotate ${ROTATE_KEEP}`,
    "    copytruncate",
    "    compress",
    "    delaycompress",
    "    missingok",
    "    notifempty",
    "}",
    ""
  ].join("\n");
  return { path: at, content, mode: 420 };
}
function filesOfLogrotate(text) {
  const line = text.split("\n").find((l) => l.trim() !== "" && !l.startsWith("#")) ?? "";
  if (!line.trimEnd().endsWith("{"))
    return [];
  return [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]).filter((p) => import_node_path8.default.posix.isAbsolute(p));
}
function isRotationOf(file, candidate) {
  const base = import_node_path8.default.posix.basename(file);
  return candidate === base || candidate.startsWith(`${base}.`) && /^\d+(\.gz)?$/.test(candidate.slice(base.length + 1));
}
var import_node_path8, LOGROTATE_DIR, LOGROTATE, ROTATE_SIZE_MIB, ROTATE_SIZE, ROTATE_KEEP;
var init_logrotate = __esm({
  "build/lib/platforms/shared/logrotate.js"() {
    "use strict";
    import_node_path8 = __toESM(require("node:path"), 1);
    init_errors();
    init_ownership();
    LOGROTATE_DIR = "/etc/logrotate.d";
    LOGROTATE = "/usr/sbin/logrotate";
    ROTATE_SIZE_MIB = 10;
    ROTATE_SIZE = `${ROTATE_SIZE_MIB}M`;
    ROTATE_KEEP = 5;
  }
});

// build/lib/platforms/shared/state.js
function storable(cfg, honoursType) {
  const { templates, template, ...rest } = cfg.source;
  const config = { ...rest, executable: cfg.executable, arguments: cfg.arguments, workingDirectory: cfg.workingDirectory };
  if (cfg.runsThisProgram && honoursType && cfg.source.systemd?.type === void 0)
    config.systemd = { ...cfg.source.systemd, type: serviceType(cfg) };
  let complete = true;
  if (typeof template === "string")
    config.template = template;
  else if (template !== void 0)
    complete = false;
  if (templates !== void 0) {
    const strings = Object.entries(templates).filter(([, t]) => typeof t === "string");
    if (strings.length !== Object.keys(templates).length)
      complete = false;
    if (strings.length)
      config.templates = Object.fromEntries(strings);
  }
  return { config, complete };
}
function renderState(cfg, honoursType) {
  const { config, complete } = storable(cfg, honoursType);
  return JSON.stringify({ mark: markText(cfg.name), complete, config }, null, 2) + "\n";
}
function parseState(text, name) {
  try {
    const o = JSON.parse(text);
    if (o.mark !== markText(name) || typeof o.config !== "object" || o.config === null || o.config.name !== name)
      return void 0;
    return { config: o.config, complete: o.complete === true };
  } catch {
    return void 0;
  }
}
var init_state = __esm({
  "build/lib/platforms/shared/state.js"() {
    "use strict";
    init_ownership();
    init_sd_notify();
  }
});

// build/lib/platforms/install.js
function ownerOnly(mode) {
  return (mode & 63) === 0;
}
async function checkProgram(host, cfg) {
  await checkExecutable(host, cfg.executable);
  if (!await host.exists(cfg.workingDirectory)) {
    throw new InvalidConfigError("workingDirectory", `${cfg.workingDirectory} does not exist`);
  }
}
async function checkWritableOnlyBy(host, field, dir, uid) {
  const info = await host.lstat(dir);
  const who = uid === 0 ? "root" : `uid ${uid}`;
  if (info !== void 0 && (info.kind !== "directory" || info.uid !== uid || (info.mode & 18) !== 0)) {
    throw new InvalidConfigError(field, `${dir} must be a directory owned by ${who} that no one else can write (it is ${describePath(info)})`);
  }
  await checkParents(host, field, dir, uid);
}
async function readEnvironmentFiles(host, cfg, uid) {
  const fileEnv = {};
  for (const [i, file] of cfg.environmentFiles.entries()) {
    const field = cfg.environmentFiles.length === 1 ? "environmentFile" : `environmentFile[${i}]`;
    await checkTrustedFile(host, field, file, uid);
    let vars;
    try {
      vars = parseEnvFile(await host.readFileNoFollow(file));
    } catch (e) {
      if (e instanceof EnvFileSyntaxError)
        throw new InvalidConfigError(field, `${file}, ${e.message}`, { cause: e });
      throw e;
    }
    for (const [k, v] of Object.entries(vars)) {
      if (k.toLowerCase().startsWith(RESERVED_ENV_PREFIX))
        throw new InvalidConfigError(field, `${file} sets ${k}: the prefix ${RESERVED_ENV_PREFIX} is reserved`);
      setVariable(fileEnv, k, v);
    }
  }
  return { ...cfg, fileEnv };
}
var import_node_path9, import_promises2, DIRECTORY_MODE, FILE_MODE, STATE_MODE, SETTLE_MS, SETTLE_POLL_MS, FileManager;
var init_install = __esm({
  "build/lib/platforms/install.js"() {
    "use strict";
    import_node_path9 = __toESM(require("node:path"), 1);
    import_promises2 = require("node:timers/promises");
    init_variables();
    init_config();
    init_errors();
    init_host();
    init_trust();
    init_rollback();
    init_users();
    init_ownership();
    init_exec_limits();
    init_logrotate();
    init_paths();
    init_state();
    init_env_file();
    DIRECTORY_MODE = 493;
    FILE_MODE = 420;
    STATE_MODE = 384;
    SETTLE_MS = 1500;
    SETTLE_POLL_MS = 100;
    FileManager = class {
      host;
      /** How long a started service must stay up (running, and not restarted) to count as started. */
      settleMs;
      constructor(host = realHost, opts = {}) {
        this.host = host;
        this.settleMs = opts.settleMs ?? SETTLE_MS;
      }
      /**
       * Watch a just-started service through the settle window: it must stay running or starting, and
       * the manager must not restart it meanwhile (`restarts`: how often the manager has started it,
       * where it tells; `baseline`: the count the start began from, where it is known, else the first
       * reading). Returns undefined when it stayed up, else what was seen.
       */
      async settle(probe, settleMs = this.settleMs, baseline) {
        const end = Date.now() + settleMs;
        let first = baseline;
        for (; ; ) {
          const { state, restarts } = await probe();
          if (state !== "running" && state !== "starting")
            return state;
          first ??= restarts;
          if (first !== void 0 && restarts !== void 0 && restarts > first)
            return `restarted within ${settleMs} ms`;
          if (Date.now() >= end)
            return void 0;
          await (0, import_promises2.setTimeout)(Math.min(SETTLE_POLL_MS, end - Date.now()));
        }
      }
      /**
       * The files install writes: the definitions, the logrotate drop-in where the output goes to
       * files, and the configuration as given (for `update NAME --option`); refuses what execve cannot pass.
       */
      render(cfg) {
        checkExecLimits(cfg);
        const state = { path: this.statePath(cfg), content: renderState(cfg, !("systemd.type" in this.unsupported)), mode: STATE_MODE };
        return [...this.renderFiles(cfg), ...this.rotationFiles(cfg), state];
      }
      /** The home directory of a user service's user (managers with user services say where). */
      userHome() {
        throw new UnsupportedError(`${this.platform} has no per-user services`);
      }
      /** servicekit's own directory of the scope: /var/lib/servicekit, or the user's ~/.local/state/servicekit. */
      stateDirectory(cfg) {
        return cfg.userService ? import_node_path9.default.join(this.userHome(), ".local", "state", "servicekit") : SYSTEM_STATE_DIR;
      }
      /** Where the service's stored configuration is, in the state directory. */
      statePath(cfg) {
        return import_node_path9.default.join(this.stateDirectory(cfg), `${cfg.name}.json`);
      }
      /** What install and update check on the host before writing: the program, the account, the directories written into. */
      async checkHost(cfg) {
        await checkProgram(this.host, cfg);
        if (cfg.userName !== void 0)
          await lookupUser(this.host, cfg.userName);
        for (const dir of this.logDirectories(cfg))
          await checkWritableOnlyBy(this.host, "logDirectory", dir, this.scopeUid(cfg));
        await this.checkStateDirectory(cfg);
      }
      /** The stored configuration's directory is root's (the user's) alone: another account could otherwise plant what a later update applies. */
      async checkStateDirectory(cfg) {
        await checkWritableOnlyBy(this.host, "stored configuration", import_node_path9.default.dirname(this.statePath(cfg)), this.scopeUid(cfg));
      }
      /** The configuration the service was installed or last updated with (servicekit's own only); undefined when none was stored. */
      async storedConfig(cfg) {
        this.checkScope(cfg, "updating");
        await this.assertOwnedFiles(cfg);
        await this.checkStateDirectory(cfg);
        return this.readState(cfg);
      }
      /** The stored configuration as the file holds it; undefined when there is none (or not this service's). */
      async readState(cfg) {
        const text = await this.host.readFile(this.statePath(cfg)).catch(() => void 0);
        return text === void 0 ? void 0 : parseState(text, cfg.name);
      }
      /** The files the service's output is appended to (none when it goes to a journal or the manager's own log). */
      outputFiles(_cfg) {
        return [];
      }
      /**
       * The files that rotate the service's log files: for a system service writing to files, a
       * logrotate drop-in the system's logrotate runs (a user's files are not the system logrotate's).
       * A manager with a way of its own for the others (a user timer, a launchd job) adds it here.
       */
      rotationFiles(cfg) {
        const outputs = this.outputFiles(cfg);
        return !cfg.userService && outputs.length ? [renderLogrotate(cfg, outputs, logrotatePath(cfg.name))] : [];
      }
      /** Every file rotationFiles may write for this service, whatever this config says (uninstall by name does not know how it was installed). */
      rotationPaths(cfg) {
        return cfg.userService ? [] : [logrotatePath(cfg.name)];
      }
      /** The logrotate configuration of ours that names the service's log files, where there is one. */
      rotationConfig(cfg) {
        const drop = logrotatePath(cfg.name);
        return this.rotationPaths(cfg).includes(drop) ? drop : void 0;
      }
      /** Files the rotation itself leaves beside ours (logrotate's status file): removed at uninstall when regular files. */
      rotationLeftovers(_cfg) {
        return [];
      }
      /** Every file install may have written, main file first: what uninstall checks and removes. */
      allPaths(cfg) {
        return [...this.filePaths(cfg), ...this.rotationPaths(cfg), this.statePath(cfg)];
      }
      /**
       * The log files of the installed service (uninstall by name knows only the name): those its
       * logrotate configuration names, else those of the configuration it was stored with, else this config's.
       */
      async installedOutputFiles(cfg) {
        const conf = this.rotationConfig(cfg);
        if (conf !== void 0 && (await this.host.lstat(conf))?.kind === "file") {
          const named = filesOfLogrotate(await this.host.readFile(conf));
          if (named.length)
            return named;
        }
        const stored = (await this.readState(cfg))?.config;
        return this.outputFiles(stored === void 0 ? cfg : { ...cfg, logOutput: stored.logOutput ?? cfg.logOutput, logDirectory: stored.logDirectory ?? cfg.logDirectory });
      }
      /** Refuse a name the manager already knows from elsewhere (a packaged unit, a loaded job). */
      async assertUnknown(_cfg) {
      }
      /** Directories to create before the files are written, e.g. a user's unit directory; removed on rollback. */
      fileDirectories(cfg) {
        return [...new Set(this.rotationFiles(cfg).map((f) => import_node_path9.default.dirname(f.path)))];
      }
      /** Directories for the service's output, checked (see checkWritableOnlyBy) and made; never removed (they may hold other logs). */
      logDirectories(_cfg) {
        return [];
      }
      /** After the files are written: have the manager read its configuration (where enabling does not). */
      async reload(_cfg) {
      }
      /** After uninstall removed the files. */
      async afterRemove(cfg) {
        await this.reload(cfg);
      }
      /** The one scope check: user services where the manager has them, root for system services. */
      checkScope(cfg, what) {
        const userScope = this.scopes.includes("user");
        if (cfg.userService) {
          if (!userScope)
            throw new UnsupportedError(`${this.platform} has no per-user services; user services need systemd or launchd`);
          return;
        }
        const euid = this.host.euid();
        if (euid !== void 0 && euid !== 0) {
          throw new PermissionError(`${what} a system service needs root (run with sudo${userScope ? ", or use a user service with --user" : ""})`);
        }
      }
      /** Is the service known to the manager (for the control commands, which work on any service)? */
      async assertInstalled(cfg) {
        const [main2] = this.filePaths(cfg);
        if (main2 === void 0 || !await this.host.exists(main2))
          throw new NotInstalledError(cfg.name);
      }
      /** Where the manager defines this service when it is not at servicekit's path (systemd: a packaged unit). */
      async definedElsewhere(_cfg) {
        return void 0;
      }
      /** The mark text this manager's files carry (launchd writes it as an XML comment). */
      mark(cfg) {
        return markText(cfg.name);
      }
      /** The uid owning this scope's files: root, or the user of a user service. */
      scopeUid(cfg) {
        return cfg.userService ? this.host.euid() ?? 0 : 0;
      }
      /** Before changing or removing a service: its files must be servicekit's own (NotOwnedError), and there (NotInstalledError). */
      async assertOwnedFiles(cfg) {
        const [main2] = this.filePaths(cfg);
        if (main2 === void 0 || await this.host.lstat(main2) === void 0) {
          const elsewhere = await this.definedElsewhere(cfg);
          if (elsewhere !== void 0)
            throw new NotOwnedError(cfg.name, elsewhere, "defines it");
          throw new NotInstalledError(cfg.name);
        }
        for (const f of this.allPaths(cfg))
          await assertOwned(this.host, f, cfg.name, this.scopeUid(cfg), this.markFor(cfg, f));
      }
      /** The mark `file` of this service's carries: the definitions' own, else a line. */
      markFor(cfg, file) {
        return this.filePaths(cfg).includes(file) ? this.mark(cfg) : markText(cfg.name);
      }
      /** The config with what it refers to on this host read in: the environment files' variables. */
      async prepare(cfg) {
        return cfg.environmentFiles.length ? readEnvironmentFiles(this.host, cfg, this.scopeUid(cfg)) : cfg;
      }
      async install(given, opts = {}) {
        const cfg = await this.prepare(given);
        const files = this.render(cfg);
        this.checkScope(cfg, "installing");
        await this.checkHost(cfg);
        for (const f of files)
          if (await this.host.exists(f.path))
            throw new AlreadyInstalledError(cfg.name, f.path);
        await this.assertUnknown(cfg);
        await withRollback(async (step) => {
          for (const dir of [...this.fileDirectories(cfg), import_node_path9.default.dirname(this.statePath(cfg))]) {
            await step(`create ${dir}`, async () => {
              const created = await this.host.mkdirp(dir, DIRECTORY_MODE);
              return async () => {
                for (const d of created.reverse())
                  await this.host.remove(d);
              };
            });
          }
          for (const dir of this.logDirectories(cfg)) {
            await step(`create log directory ${dir}`, async () => void await this.host.mkdirp(dir, DIRECTORY_MODE));
          }
          await this.prepareScope(cfg, step);
          const afterRollback = this.afterRollback?.bind(this, cfg);
          if (afterRollback)
            await step("reload after rollback", async () => void 0, afterRollback);
          for (const f of files) {
            await step(`write ${f.path}`, async () => {
              await this.host.writeFileAtomic(f.path, f.content, { mode: f.mode });
              return () => this.host.remove(f.path);
            });
          }
          await step("reload configuration", () => this.reload(cfg));
          const start = opts.start ? { settleMs: opts.settleMs ?? this.settleMs } : void 0;
          const started = await this.enable(cfg, step, start);
          if (start && !started) {
            await step("start", () => this.startAndVerify(cfg, "start", start), () => this.stopService(cfg).catch(() => void 0));
          }
        }, opts.signal === void 0 ? {} : { signal: opts.signal });
        return { warnings: await this.warnings(cfg, files) };
      }
      /** Before the files: what the scope needs (systemd: lingering for a user service that asks for it), with its undo. */
      async prepareScope(_cfg, _step) {
      }
      /** After an install (of `files`): what the service may not do as one would expect. */
      async warnings(cfg, files) {
        return this.rotationWarnings(cfg, files);
      }
      /** Log files left to a logrotate that is not installed: said, not refused (the service runs; its files grow until it is). */
      async rotationWarnings(cfg, files) {
        const conf = this.rotationConfig(cfg);
        if (conf === void 0 || !files.some((f) => f.path === conf) || await this.host.exists(LOGROTATE))
          return [];
        return [`logrotate is not installed (${LOGROTATE}): the log files of ${cfg.name} are not rotated until it is`];
      }
      /** The service name a file in the definitions directory stands for, if it can be one. */
      nameOf(file) {
        if (!file.endsWith(this.suffix))
          return void 0;
        const name = file.slice(0, file.length - this.suffix.length);
        try {
          return validateName(name);
        } catch {
          return void 0;
        }
      }
      /** servicekit's own services of a scope: the marked files of the definitions directory, then their states. */
      async list(userService) {
        return this.statuses(await this.ownConfigs(userService));
      }
      /** For list(): config defaults that do not depend on the running program. */
      listContext() {
        return { execPath: "/", cwd: "/", home: "/" };
      }
      async ownNames(userService) {
        return (await this.ownConfigs(userService)).map((c) => c.name);
      }
      /** The configs (defaults, by name) of servicekit's own services of a scope. */
      async ownConfigs(userService) {
        const dir = import_node_path9.default.dirname(this.filePaths(resolveConfig({ name: "x", userService }, this.listContext()))[0]);
        const names = (await this.host.readdir(dir)).sort().map((file) => this.nameOf(file)).filter((name) => name !== void 0);
        const cfgs = names.map((name) => resolveConfig({ name, userService }, this.listContext()));
        const owned = await Promise.all(cfgs.map(async (cfg) => {
          const [main2] = this.filePaths(cfg);
          return main2 !== void 0 && await isOwned(this.host, main2, cfg.name, this.scopeUid(cfg), this.mark(cfg));
        }));
        return cfgs.filter((_, i) => owned[i]);
      }
      /** The states of several services; one manager query where the manager allows it. */
      async statuses(cfgs) {
        return Promise.all(cfgs.map((c) => this.status(c)));
      }
      async uninstall(cfg, opts = {}) {
        this.checkScope(cfg, "uninstalling");
        await this.assertOwnedFiles(cfg);
        const outputs = await this.installedOutputFiles(cfg);
        await this.deactivate(cfg);
        for (const f of this.allPaths(cfg))
          if (await this.host.lstat(f) !== void 0)
            await this.host.remove(f);
        for (const f of this.rotationLeftovers(cfg))
          if ((await this.host.lstat(f))?.kind === "file")
            await this.host.remove(f);
        await this.afterRemove(cfg);
        return this.logsAfterUninstall(outputs, Boolean(opts.purge));
      }
      /**
       * The service's log files (and their rotated copies): removed with purge, else listed. Only
       * regular files are removed (a link is left, whatever it points to); the directory too when that
       * leaves it empty, unless it is servicekit's shared one.
       */
      async logsAfterUninstall(outputs, purge) {
        const files = [];
        for (const out of outputs) {
          const dir = import_node_path9.default.dirname(out);
          for (const name of await this.host.readdir(dir))
            if (isRotationOf(out, name))
              files.push(import_node_path9.default.join(dir, name));
        }
        files.sort();
        if (!purge)
          return { logs: files, purged: false };
        for (const f of files)
          if ((await this.host.lstat(f))?.kind === "file")
            await this.host.remove(f);
        for (const dir of new Set(outputs.map((f) => import_node_path9.default.dirname(f)))) {
          if (dir !== SYSTEM_LOG_DIR && (await this.host.readdir(dir)).length === 0 && (await this.host.lstat(dir))?.kind === "directory")
            await this.host.removeDir(dir);
        }
        return { logs: files, purged: true };
      }
      /** Have the manager read changed definitions (update); systemd: a daemon reload. */
      async reloadDefinitions(cfg) {
        await this.reload(cfg);
      }
      /** After an update's files are in place, for an enabled service: refresh its boot links (systemd: [Install] may have changed). */
      async refreshEnablement(_cfg) {
      }
      async plan(given) {
        const cfg = await this.prepare(given);
        const files = this.render(cfg);
        const [main2] = this.filePaths(cfg);
        if (main2 !== void 0 && await this.host.lstat(main2) === void 0 && await this.definedElsewhere(cfg) === void 0) {
          return { action: "create", changes: files.map((f) => ({ path: f.path, after: f.content, secret: ownerOnly(f.mode) })) };
        }
        await this.assertOwnedFiles(cfg);
        const changes = await this.changes(cfg, files);
        return this.onlyState(cfg, changes) ? { action: "unchanged", changes: [] } : { action: "update", changes };
      }
      /** Nothing but the stored configuration differs (the same service, given in other words): no update. */
      onlyState(cfg, changes) {
        return changes.every((c) => c.path === this.statePath(cfg));
      }
      /** The installed files that differ from `files`, and the rotation's files this configuration no longer has. */
      async changes(cfg, files) {
        const out = [];
        for (const f of files) {
          const before = await this.host.readFile(f.path).catch(() => void 0);
          if (before === f.content)
            continue;
          const mode = before === void 0 ? void 0 : (await this.host.lstat(f.path))?.mode;
          const secret = ownerOnly(f.mode) || mode !== void 0 && ownerOnly(mode);
          out.push({ path: f.path, ...before === void 0 ? {} : { before }, after: f.content, secret });
        }
        for (const p of this.rotationPaths(cfg)) {
          if (files.some((f) => f.path === p))
            continue;
          const stale = await this.host.readFile(p).catch(() => void 0);
          if (stale !== void 0)
            out.push({ path: p, before: stale, secret: false });
        }
        return out;
      }
      async update(given, opts = {}) {
        const cfg = await this.prepare(given);
        const files = this.render(cfg);
        this.checkScope(cfg, "updating");
        await this.assertOwnedFiles(cfg);
        await this.checkHost(cfg);
        const changes = await this.changes(cfg, files);
        if (this.onlyState(cfg, changes)) {
          if (changes.length)
            await this.host.mkdirp(import_node_path9.default.dirname(this.statePath(cfg)), DIRECTORY_MODE);
          for (const c of changes)
            await this.host.writeFileAtomic(c.path, c.after, { mode: STATE_MODE });
          return { changed: false, restarted: false };
        }
        const before = await this.status(cfg);
        const restart = opts.restart !== false && (before.state === "running" || before.state === "starting");
        await withRollback(async (step) => {
          if (restart)
            await step("keep it running", async () => void 0, () => this.startAndVerify(cfg, "restart").catch(() => void 0));
          await step("reread the old files", async () => void 0, () => this.reloadDefinitions(cfg));
          await step("create the stored configuration's directory", async () => {
            const created = await this.host.mkdirp(import_node_path9.default.dirname(this.statePath(cfg)), DIRECTORY_MODE);
            return async () => {
              for (const d of created.reverse())
                await this.host.removeDir(d);
            };
          });
          for (const c of changes) {
            const f = files.find((x) => x.path === c.path);
            const mode = f?.mode ?? FILE_MODE;
            await step(`${f ? "write" : "remove"} ${c.path}`, async () => {
              if (f)
                await this.host.writeFileAtomic(f.path, f.content, { mode });
              else
                await this.host.remove(c.path);
              return () => c.before === void 0 ? this.host.remove(c.path) : this.host.writeFileAtomic(c.path, c.before, { mode });
            });
          }
          await step("reload configuration", () => this.reloadDefinitions(cfg));
          if (before.enabled)
            await step("refresh enablement", () => this.refreshEnablement(cfg), () => this.setBoot(cfg, true));
          if (restart)
            await step("restart", () => this.startAndVerify(cfg, "restart", { settleMs: opts.settleMs ?? this.settleMs }));
        }, opts.signal === void 0 ? {} : { signal: opts.signal });
        return { changed: true, restarted: restart };
      }
      async setEnabled(cfg, on) {
        this.checkScope(cfg, on ? "enabling" : "disabling");
        await this.assertOwnedFiles(cfg);
        await this.setBoot(cfg, on);
      }
      async start(cfg) {
        this.checkScope(cfg, "starting");
        await this.assertInstalled(cfg);
        await this.startAndVerify(cfg, "start");
      }
      async stop(cfg) {
        this.checkScope(cfg, "stopping");
        await this.assertInstalled(cfg);
        await this.stopService(cfg);
      }
      /** Stop (if running) and start again; starts a stopped service too. */
      async restart(cfg) {
        this.checkScope(cfg, "restarting");
        await this.assertInstalled(cfg);
        await this.startAndVerify(cfg, "restart");
      }
    };
  }
});

// build/lib/platforms/platform.js
async function logTail(logs, n) {
  const lines = [];
  try {
    for await (const l of logs)
      lines.push(l);
  } catch {
  }
  return lines.slice(-n);
}
var init_platform = __esm({
  "build/lib/platforms/platform.js"() {
    "use strict";
  }
});

// build/lib/platforms/shared/log-files.js
function logFiles(cfg) {
  return { out: import_node_path10.default.join(cfg.logDirectory, `${cfg.name}.out.log`), err: import_node_path10.default.join(cfg.logDirectory, `${cfg.name}.err.log`) };
}
var import_node_path10;
var init_log_files = __esm({
  "build/lib/platforms/shared/log-files.js"() {
    "use strict";
    import_node_path10 = __toESM(require("node:path"), 1);
  }
});

// build/lib/platforms/systemd/libsystemd.js
function libsystemdBindings(bind) {
  let lib;
  return () => {
    if (lib === void 0) {
      try {
        const koffi2 = loadKoffi();
        lib = bind(koffi2, koffi2.load("libsystemd.so.0"));
      } catch {
        lib = null;
      }
    }
    return lib;
  };
}
var init_libsystemd = __esm({
  "build/lib/platforms/systemd/libsystemd.js"() {
    "use strict";
    init_koffi();
  }
});

// build/lib/platforms/systemd/bus.js
function unitPath(unit) {
  const escaped = [...Buffer.from(unit, "utf8")].map((b) => /[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `_${b.toString(16).padStart(2, "0")}`).join("");
  return `${MANAGER_PATH}/unit/${escaped || "_"}`;
}
function closeAtExit(x) {
  open.add(x);
  if (!exitHook) {
    exitHook = true;
    process.once("exit", () => {
      for (const o of [...open])
        o.close();
    });
  }
  return () => open.delete(x);
}
function busAt(socket) {
  if (!connections.has(socket))
    connections.set(socket, Bus.open(socket) ?? null);
  return connections.get(socket) ?? void 0;
}
var sdbus, DEST, MANAGER_PATH, MANAGER_IFACE, UNIT_IFACE, SERVICE_IFACE, PROPERTIES_IFACE, CALL_TIMEOUT_USEC, code, EINTR, EINTR_RETRIES, BusError, Bus, connections, open, exitHook;
var init_bus = __esm({
  "build/lib/platforms/systemd/bus.js"() {
    "use strict";
    init_libsystemd();
    sdbus = libsystemdBindings((koffi2, sd) => {
      const libc2 = koffi2.load("libc.so.6");
      koffi2.struct("sk_bus_error", { name: "const char *", message: "const char *", need_free: "int" });
      const handler = koffi2.proto("int sk_bus_handler(void *m, void *userdata, void *ret_error)");
      return {
        koffi: koffi2,
        handler,
        free: libc2.func("void free(void *p)"),
        new: sd.func("int sd_bus_new(_Out_ void **ret)"),
        setAddress: sd.func("int sd_bus_set_address(void *bus, const char *address)"),
        start: sd.func("int sd_bus_start(void *bus)"),
        closeUnref: sd.func("void *sd_bus_flush_close_unref(void *bus)"),
        getFd: sd.func("int sd_bus_get_fd(void *bus)"),
        process: sd.func("int sd_bus_process(void *bus, void *ret)"),
        getString: sd.func("int sd_bus_get_property_string(void *bus, const char *dest, const char *path, const char *iface, const char *member, void *err, _Out_ void **ret)"),
        getU32: sd.func("int sd_bus_get_property_trivial(void *bus, const char *dest, const char *path, const char *iface, const char *member, void *err, char type, _Out_ uint32_t *ret)"),
        newCall: sd.func("int sd_bus_message_new_method_call(void *bus, _Out_ void **m, const char *dest, const char *path, const char *iface, const char *member)"),
        appendString: sd.func("int sd_bus_message_append_basic(void *m, char type, const char *p)"),
        appendBool: sd.func("int sd_bus_message_append_basic(void *m, char type, _In_ int *p)"),
        openContainer: sd.func("int sd_bus_message_open_container(void *m, char type, const char *contents)"),
        closeContainer: sd.func("int sd_bus_message_close_container(void *m)"),
        // slot NULL: the pending call belongs to the connection (a reply or the timeout always comes).
        callAsync: sd.func("int sd_bus_call_async(void *bus, void *slot, void *m, sk_bus_handler *cb, void *userdata, uint64_t usec)"),
        callSync: sd.func("int sd_bus_call(void *bus, void *m, uint64_t usec, void *err, _Out_ void **reply)"),
        matchSignal: sd.func("int sd_bus_match_signal(void *bus, _Out_ void **slot, const char *sender, const char *path, const char *iface, const char *member, sk_bus_handler *cb, void *userdata)"),
        slotUnref: sd.func("void *sd_bus_slot_unref(void *slot)"),
        messageUnref: sd.func("void *sd_bus_message_unref(void *m)"),
        readPtr: sd.func("int sd_bus_message_read_basic(void *m, char type, _Out_ void **p)"),
        readU32: sd.func("int sd_bus_message_read_basic(void *m, char type, _Out_ uint32_t *p)"),
        enter: sd.func("int sd_bus_message_enter_container(void *m, char type, const char *contents)"),
        exit: sd.func("int sd_bus_message_exit_container(void *m)"),
        skip: sd.func("int sd_bus_message_skip(void *m, const char *types)"),
        getError: sd.func("void *sd_bus_message_get_error(void *m)"),
        errorFree: sd.func("void sd_bus_error_free(void *e)")
      };
    });
    DEST = "org.freedesktop.systemd1";
    MANAGER_PATH = "/org/freedesktop/systemd1";
    MANAGER_IFACE = "org.freedesktop.systemd1.Manager";
    UNIT_IFACE = "org.freedesktop.systemd1.Unit";
    SERVICE_IFACE = "org.freedesktop.systemd1.Service";
    PROPERTIES_IFACE = "org.freedesktop.DBus.Properties";
    CALL_TIMEOUT_USEC = 90000000n;
    code = (c) => c.charCodeAt(0);
    EINTR = 4;
    EINTR_RETRIES = 50;
    BusError = class extends Error {
      busName;
      errno;
      constructor(busName, message, errno) {
        super(`${busName}: ${message}`);
        this.busName = busName;
        this.errno = errno;
        this.name = "BusError";
      }
    };
    Bus = class _Bus {
      l;
      bus;
      err;
      poller;
      closed = false;
      /** Calls and waits in flight: while there are any, the poller keeps the event loop alive. */
      holds = 0;
      drainQueued = false;
      constructor(l, bus) {
        this.l = l;
        this.bus = bus;
        this.err = l.koffi.alloc("sk_bus_error", 1);
        const fd = l.getFd(bus);
        this.poller = l.koffi.node.poll(fd, { readable: true }, () => this.dispatch());
        this.poller.unref();
        closeAtExit(this);
      }
      /** Connect to a manager's private socket; undefined when libsystemd or the socket is not usable. */
      static open(socket) {
        const l = sdbus();
        if (!l)
          return void 0;
        const out = [null];
        if (l.new(out) < 0)
          return void 0;
        const bus = out[0];
        if (l.setAddress(bus, `unix:path=${socket}`) < 0 || l.start(bus) < 0) {
          l.closeUnref(bus);
          return void 0;
        }
        const b = new _Bus(l, bus);
        try {
          b.getString(MANAGER_PATH, MANAGER_IFACE, "Version");
        } catch {
          b.close();
          return void 0;
        }
        return b;
      }
      /**
       * Keep the process alive until the returned release is called (a call awaiting its reply, a job
       * awaited, a watch being iterated); otherwise the connection never holds the event loop.
       */
      hold() {
        if (this.holds++ === 0)
          this.poller?.ref();
        let released = false;
        return () => {
          if (released)
            return;
          released = true;
          if (--this.holds === 0)
            this.poller?.unref();
        };
      }
      /** Run what sd-bus has received: replies to calls, signals. */
      dispatch() {
        if (this.closed)
          return;
        try {
          for (let i = 0; i < 1e3 && this.l.process(this.bus, null) > 0; i++)
            ;
        } catch {
        }
      }
      takeError(what, r) {
        const e = this.l.koffi.decode(this.err, "sk_bus_error");
        this.l.errorFree(this.err);
        return new BusError(e.name ?? what, e.message ?? `failed (errno ${-r})`, e.name ? void 0 : -r);
      }
      /** A synchronous call, again when a signal interrupted its wait (EINTR: the reply to the first is dropped by sd-bus). */
      sync(what, call) {
        if (!this.drainQueued) {
          this.drainQueued = true;
          setImmediate(() => {
            this.drainQueued = false;
            this.dispatch();
          });
        }
        for (let attempt = 0; ; attempt++) {
          const r = call();
          if (r >= 0)
            return;
          const e = this.takeError(what, r);
          if (e.errno !== EINTR && e.busName !== "System.Error.EINTR" || attempt >= EINTR_RETRIES)
            throw e;
        }
      }
      getString(path23, iface, prop) {
        const out = [null];
        this.sync(`Get ${prop}`, () => this.l.getString(this.bus, DEST, path23, iface, prop, this.err, out));
        const s = this.l.koffi.decode(out[0], "char", -1);
        this.l.free(out[0]);
        return s;
      }
      getU32(path23, iface, prop) {
        const out = [0];
        this.sync(`Get ${prop}`, () => this.l.getU32(this.bus, DEST, path23, iface, prop, this.err, code("u"), out));
        return out[0];
      }
      /**
       * A quick method call, answered at once (a lookup): synchronous, as the property reads, with no
       * trip through the event loop. For anything that can take time (jobs, reloads) use call().
       */
      callNow(member, args, read) {
        const l = this.l;
        const out = [null];
        const r = l.newCall(this.bus, out, DEST, MANAGER_PATH, MANAGER_IFACE, member);
        if (r < 0)
          throw new BusError(member, "cannot create the call", -r);
        const m = out[0];
        const reply = [null];
        try {
          for (const a of args)
            this.append(m, a);
          this.sync(member, () => l.callSync(this.bus, m, CALL_TIMEOUT_USEC, this.err, reply));
        } finally {
          l.messageUnref(m);
        }
        try {
          return read(this.reader(reply[0]));
        } finally {
          l.messageUnref(reply[0]);
        }
      }
      /** Call a manager method; `read` reads the reply (inside sd-bus's callback, where the message is valid). */
      call(member, args, read, path23 = MANAGER_PATH, iface = MANAGER_IFACE) {
        const l = this.l;
        const out = [null];
        let r = l.newCall(this.bus, out, DEST, path23, iface, member);
        if (r < 0)
          return Promise.reject(new BusError(member, "cannot create the call", -r));
        const m = out[0];
        try {
          for (const a of args)
            this.append(m, a);
        } catch (e) {
          l.messageUnref(m);
          return Promise.reject(e);
        }
        const release = this.hold();
        return new Promise((resolve, reject) => {
          const cb = l.koffi.register((reply) => {
            setImmediate(() => l.koffi.unregister(cb));
            release();
            const ep = l.getError(reply);
            const e = ep ? l.koffi.decode(ep, "sk_bus_error") : void 0;
            if (e?.name)
              reject(new BusError(e.name, e.message ?? ""));
            else {
              try {
                resolve(read(this.reader(reply)));
              } catch (x) {
                reject(x);
              }
            }
            return 1;
          }, l.koffi.pointer(l.handler));
          r = l.callAsync(this.bus, null, m, cb, null, CALL_TIMEOUT_USEC);
          l.messageUnref(m);
          if (r < 0) {
            l.koffi.unregister(cb);
            release();
            reject(new BusError(member, "cannot send the call", -r));
            return;
          }
          setTimeout(() => this.dispatch(), Number(CALL_TIMEOUT_USEC / 1000n) + 100).unref();
          this.dispatch();
        });
      }
      append(m, a) {
        const l = this.l;
        const check2 = (r) => {
          if (r < 0)
            throw new BusError("append", "cannot add an argument", -r);
        };
        if ("s" in a)
          check2(l.appendString(m, code("s"), a.s));
        else if ("b" in a)
          check2(l.appendBool(m, code("b"), [a.b ? 1 : 0]));
        else {
          check2(l.openContainer(m, code("a"), "s"));
          for (const s of a.as)
            check2(l.appendString(m, code("s"), s));
          check2(l.closeContainer(m));
        }
      }
      reader(m) {
        const l = this.l;
        return {
          string: (type = "s") => {
            const out = [null];
            const r = l.readPtr(m, code(type), out);
            if (r <= 0)
              throw new BusError("read", "no string where one was expected", -r);
            return l.koffi.decode(out[0], "char", -1);
          },
          u32: () => {
            const out = [0];
            const r = l.readU32(m, code("u"), out);
            if (r <= 0)
              throw new BusError("read", "no uint32 where one was expected", -r);
            return out[0];
          },
          enter: (type, contents) => {
            const r = l.enter(m, code(type), contents);
            if (r < 0)
              throw new BusError("read", `cannot enter ${type}${contents}`, -r);
            return r > 0;
          },
          exit: () => {
            const r = l.exit(m);
            if (r < 0)
              throw new BusError("read", "cannot leave a container", -r);
          },
          skip: (types) => {
            const r = l.skip(m, types);
            if (r < 0)
              throw new BusError("read", `cannot skip ${types}`, -r);
          }
        };
      }
      /**
       * Subscribe to a signal; returns the function that unsubscribes. The handler runs from the event
       * loop with the signal's message (readable only during the call).
       */
      onSignal(path23, iface, member, handler) {
        const l = this.l;
        const cb = l.koffi.register((m) => {
          try {
            handler(this.reader(m), path23 ?? "");
          } catch {
          }
          return 0;
        }, l.koffi.pointer(l.handler));
        const slot = [null];
        const r = l.matchSignal(this.bus, slot, null, path23, iface, member, cb, null);
        if (r < 0) {
          l.koffi.unregister(cb);
          throw new BusError(member, "cannot subscribe", -r);
        }
        return () => {
          l.slotUnref(slot[0]);
          l.koffi.unregister(cb);
        };
      }
      close() {
        if (this.closed)
          return;
        this.closed = true;
        open.delete(this);
        this.poller?.close();
        this.poller = void 0;
        this.l.closeUnref(this.bus);
        this.l.koffi.free(this.err);
      }
    };
    connections = /* @__PURE__ */ new Map();
    open = /* @__PURE__ */ new Set();
    exitHook = false;
  }
});

// build/lib/platforms/systemd/parse.js
function parseShow(text) {
  const out = {};
  for (const line of text.split("\n")) {
    const i = line.indexOf("=");
    if (i > 0)
      out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}
function stateFromShow(p) {
  if (p["LoadState"] === "not-found")
    return "not-installed";
  switch (p["ActiveState"]) {
    case "active":
    case "reloading":
      return "running";
    case "inactive":
      return "stopped";
    case "failed":
      return "failed";
    case "activating":
      return p["SubState"] === "auto-restart" ? "restarting" : "starting";
    case "deactivating":
      return "stopping";
    default:
      return "unknown";
  }
}
function pidFromShow(p) {
  const n = Number(p["MainPID"]);
  return Number.isInteger(n) && n > 0 ? n : void 0;
}
function enabledFromShow(p) {
  const s = p["UnitFileState"];
  if (s === void 0 || s === "")
    return void 0;
  return s === "enabled" || s === "enabled-runtime" || s === "linked" || s === "alias";
}
var SHOW_PROPERTIES;
var init_parse = __esm({
  "build/lib/platforms/systemd/parse.js"() {
    "use strict";
    SHOW_PROPERTIES = ["LoadState", "ActiveState", "SubState", "MainPID", "UnitFileState", "FragmentPath", "Result", "NRestarts"];
  }
});

// build/lib/platforms/systemd/control.js
async function startLoading(ctl, unit) {
  const failed = await ctl.job("start", unit);
  if (!failed?.missing)
    return failed;
  await ctl.reload();
  return ctl.job("start", unit);
}
function asCommandError(e, what) {
  return e instanceof BusError ? new CommandFailedError("systemd (D-Bus)", [what], 1, e.message, { cause: e }) : e;
}
var EXIT_NO_SUCH_UNIT, NO_SUCH_UNIT, SystemctlControl, JOB_METHOD, running, NO_FILE, BusControl;
var init_control = __esm({
  "build/lib/platforms/systemd/control.js"() {
    "use strict";
    init_errors();
    init_bus();
    init_parse();
    EXIT_NO_SUCH_UNIT = 5;
    NO_SUCH_UNIT = "org.freedesktop.systemd1.NoSuchUnit";
    SystemctlControl = class {
      host;
      user;
      env;
      via = "systemctl";
      constructor(host, user, env) {
        this.host = host;
        this.user = user;
        this.env = env;
      }
      run(args, allowFail = false) {
        return this.host.exec("systemctl", [...this.user ? ["--user"] : [], ...args], { env: this.env, allowFail });
      }
      async show(units) {
        const r = await this.run(["show", "-p", SHOW_PROPERTIES.join(","), ...units]);
        const blocks = r.stdout.split(/\n\n+/).filter((b) => b.trim() !== "");
        return units.map((_, i) => parseShow(blocks[i] ?? ""));
      }
      states(units) {
        return this.show(units);
      }
      async enable(unit) {
        await this.run(["enable", unit]);
      }
      async enableNow(unit) {
        await this.run(["enable", "--no-reload", unit]);
        return startLoading(this, unit);
      }
      async disable(unit) {
        await this.run(["disable", "--no-reload", unit]);
      }
      async disableNow(unit) {
        await this.run(["disable", "--now", "--no-reload", unit]);
      }
      async reload() {
        await this.run(["daemon-reload"]);
      }
      job(verb, unit) {
        return this.jobResult([verb, unit]);
      }
      async jobResult(args) {
        const r = await this.run(args, true);
        if (r.code === 0)
          return void 0;
        const failure = { reason: `systemctl ${args.join(" ")} exited ${r.code}`, cause: new CommandFailedError("systemctl", args, r.code, r.stderr) };
        return r.code === EXIT_NO_SUCH_UNIT ? { ...failure, missing: true } : failure;
      }
      async resetFailed(unit) {
        await this.run(["reset-failed", unit], true);
      }
    };
    JOB_METHOD = { start: "StartUnit", stop: "StopUnit", restart: "RestartUnit" };
    running = (p) => ["active", "reloading", "deactivating"].includes(p["ActiveState"] ?? "");
    NO_FILE = ["org.freedesktop.DBus.Error.FileNotFound", NO_SUCH_UNIT];
    BusControl = class {
      bus;
      via = "bus";
      constructor(bus) {
        this.bus = bus;
      }
      async show(units) {
        return units.map((u) => this.properties(u));
      }
      /** The loaded units among `units` (ListUnitsByPatterns loads none), with their states. */
      loaded(units) {
        try {
          return this.bus.callNow("ListUnitsByPatterns", [{ as: [] }, { as: units }], (r) => {
            const out = /* @__PURE__ */ new Map();
            r.enter("a", "(ssssssouso)");
            while (r.enter("r", "ssssssouso")) {
              const [name, , LoadState, ActiveState, SubState] = [r.string(), r.string(), r.string(), r.string(), r.string()];
              r.skip("souso");
              r.exit();
              out.set(name, { LoadState, ActiveState, SubState });
            }
            r.exit();
            return out;
          });
        } catch (e) {
          throw asCommandError(e, "ListUnitsByPatterns");
        }
      }
      /**
       * For listing, in one call: the units the manager has loaded, with their states (asking for each
       * by name would have it load every unit from disk, ~0.1 ms a unit); the others, whose files were
       * found, are inactive. Then MainPID of those that run.
       */
      async states(units) {
        const loaded = this.loaded(units);
        return units.map((u) => {
          const p = loaded.get(u) ?? { LoadState: "loaded", ActiveState: "inactive", SubState: "dead" };
          if (running(p))
            p["MainPID"] = String(this.read(() => this.bus.getU32(unitPath(u), SERVICE_IFACE, "MainPID"), u));
          return p;
        });
      }
      read(fn, unit) {
        try {
          return fn();
        } catch (e) {
          throw asCommandError(e, `show ${unit}`);
        }
      }
      /**
       * The properties `systemctl show` gives. A loaded unit: read one by one (each well under a
       * millisecond). One the manager has not loaded (inactive, or none at all): its unit file's state
       * (GetUnitFileState; no file: not-found), without making the manager load it.
       */
      properties(unit) {
        const p = this.loaded([unit]).get(unit);
        if (p === void 0) {
          const file = this.unitFileState(unit);
          const idle = { ActiveState: "inactive", SubState: "dead" };
          return file === void 0 ? { LoadState: "not-found", ...idle } : { LoadState: "loaded", ...idle, UnitFileState: file, MainPID: "0", NRestarts: "0" };
        }
        const path23 = unitPath(unit);
        return this.read(() => {
          for (const k of ["UnitFileState", "FragmentPath"])
            p[k] = this.bus.getString(path23, UNIT_IFACE, k);
          if (p["LoadState"] === "not-found")
            return p;
          p["Result"] = this.bus.getString(path23, SERVICE_IFACE, "Result");
          p["MainPID"] = String(this.bus.getU32(path23, SERVICE_IFACE, "MainPID"));
          p["NRestarts"] = String(this.bus.getU32(path23, SERVICE_IFACE, "NRestarts"));
          return p;
        }, unit);
      }
      /** GetUnitFileState: "enabled", "disabled", "static", "masked", …; undefined when there is no unit file. */
      unitFileState(unit) {
        try {
          return this.bus.callNow("GetUnitFileState", [{ s: unit }], (r) => r.string());
        } catch (e) {
          if (e instanceof BusError && NO_FILE.includes(e.busName))
            return void 0;
          throw asCommandError(e, `show ${unit}`);
        }
      }
      async callManager(member, args, read = () => void 0) {
        try {
          return await this.bus.call(member, args, read);
        } catch (e) {
          throw asCommandError(e, member);
        }
      }
      async enable(unit) {
        await this.callManager("EnableUnitFiles", [{ as: [unit] }, { b: false }, { b: false }]);
        await this.reload();
      }
      async enableNow(unit) {
        await this.callManager("EnableUnitFiles", [{ as: [unit] }, { b: false }, { b: false }]);
        return startLoading(this, unit);
      }
      async disable(unit) {
        await this.callManager("DisableUnitFiles", [{ as: [unit] }, { b: false }]);
      }
      async disableNow(unit) {
        await this.disable(unit);
        const failed = await this.job("stop", unit);
        if (failed)
          throw failed.cause ?? new CommandFailedError("systemd (D-Bus)", [`StopUnit ${unit}`], 1, failed.reason);
      }
      async reload() {
        await this.callManager("Reload", []);
      }
      /** Start/stop/restart, awaiting the job's JobRemoved signal (subscribed before the call: no race). */
      async job(verb, unit) {
        const ended = /* @__PURE__ */ new Map();
        let waiting;
        const off = this.bus.onSignal(MANAGER_PATH, MANAGER_IFACE, "JobRemoved", (s) => {
          s.u32();
          const job = s.string("o");
          s.string();
          const result = s.string();
          if (waiting?.job === job)
            waiting.resolve(result);
          else
            ended.set(job, result);
        });
        const release = this.bus.hold();
        try {
          let job;
          try {
            job = await this.bus.call(JOB_METHOD[verb], [{ s: unit }, { s: "replace" }], (r) => r.string("o"));
          } catch (e) {
            const missing = e instanceof BusError && e.busName === NO_SUCH_UNIT;
            return { reason: `${JOB_METHOD[verb]} ${unit} failed: ${e instanceof Error ? e.message : String(e)}`, cause: asCommandError(e, JOB_METHOD[verb]), ...missing ? { missing } : {} };
          }
          const result = ended.get(job) ?? await new Promise((resolve) => waiting = { job, resolve });
          return result === "done" ? void 0 : { reason: `the ${verb} job of ${unit} ended "${result}"` };
        } finally {
          off();
          release();
        }
      }
      async resetFailed(unit) {
        try {
          await this.bus.call("ResetFailedUnit", [{ s: unit }], () => void 0);
        } catch {
        }
      }
      watch(unit, onChange) {
        const release = this.bus.hold();
        const off = this.bus.onSignal(unitPath(unit), PROPERTIES_IFACE, "PropertiesChanged", () => onChange());
        return () => {
          off();
          release();
        };
      }
    };
  }
});

// build/lib/platforms/systemd/journal-format.js
function entryFrom(realtimeUsec, f) {
  const identifier = f.SYSLOG_IDENTIFIER ?? f._COMM;
  const pid = f._PID ?? f.SYSLOG_PID;
  return {
    realtimeUsec,
    ...f._HOSTNAME === void 0 ? {} : { hostname: f._HOSTNAME },
    ...identifier === void 0 ? {} : { identifier },
    ...pid === void 0 ? {} : { pid },
    message: f.MESSAGE ?? ""
  };
}
function jsonField(v) {
  if (typeof v === "string")
    return v;
  if (Array.isArray(v) && v.every((b) => typeof b === "number"))
    return Buffer.from(v).toString("utf8");
  return void 0;
}
function entryFromJson(line) {
  let o;
  try {
    o = JSON.parse(line);
  } catch {
    return void 0;
  }
  const ts = o["__REALTIME_TIMESTAMP"];
  if (typeof ts !== "string" || !/^\d+$/.test(ts))
    return void 0;
  const f = {};
  for (const k of ENTRY_FIELDS) {
    const v = jsonField(o[k]);
    if (v !== void 0)
      f[k] = v;
  }
  return entryFrom(BigInt(ts), f);
}
function isoLocal(usec) {
  const d = new Date(Number(usec / MICROS_PER_MS));
  const off = -d.getTimezoneOffset();
  const sign = off < 0 ? "-" : "+";
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return `${date}${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}
function formatEntry(e) {
  const who = e.identifier === void 0 ? "" : ` ${e.identifier}${e.pid === void 0 ? "" : `[${e.pid}]`}`;
  const prefix = `${isoLocal(e.realtimeUsec)}${e.hostname === void 0 ? "" : ` ${e.hostname}`}${who}: `;
  const [first = "", ...rest] = e.message.replace(/\n$/, "").split("\n");
  return [prefix + first, ...rest.map((l) => " ".repeat(prefix.length) + l)].join("\n");
}
var ENTRY_FIELDS, pad, MICROS_PER_MS;
var init_journal_format = __esm({
  "build/lib/platforms/systemd/journal-format.js"() {
    "use strict";
    ENTRY_FIELDS = ["_HOSTNAME", "SYSLOG_IDENTIFIER", "_COMM", "_PID", "SYSLOG_PID", "MESSAGE"];
    pad = (n, w = 2) => String(n).padStart(w, "0");
    MICROS_PER_MS = 1000n;
  }
});

// build/lib/platforms/systemd/journal.js
var SD_JOURNAL_LOCAL_ONLY, SD_JOURNAL_NOP, sdjournal, Journal;
var init_journal = __esm({
  "build/lib/platforms/systemd/journal.js"() {
    "use strict";
    init_libsystemd();
    init_bus();
    init_journal_format();
    SD_JOURNAL_LOCAL_ONLY = 1;
    SD_JOURNAL_NOP = 0;
    sdjournal = libsystemdBindings((koffi2, sd) => ({
      koffi: koffi2,
      open: sd.func("int sd_journal_open(_Out_ void **ret, int flags)"),
      close: sd.func("void sd_journal_close(void *j)"),
      addMatch: sd.func("int sd_journal_add_match(void *j, const uint8_t *data, size_t size)"),
      addDisjunction: sd.func("int sd_journal_add_disjunction(void *j)"),
      seekTail: sd.func("int sd_journal_seek_tail(void *j)"),
      previousSkip: sd.func("int sd_journal_previous_skip(void *j, uint64_t skip)"),
      next: sd.func("int sd_journal_next(void *j)"),
      getData: sd.func("int sd_journal_get_data(void *j, const char *field, _Out_ void **data, _Out_ size_t *length)"),
      realtime: sd.func("int sd_journal_get_realtime_usec(void *j, _Out_ uint64_t *ret)"),
      threshold: sd.func("int sd_journal_set_data_threshold(void *j, size_t sz)"),
      getFd: sd.func("int sd_journal_get_fd(void *j)"),
      process: sd.func("int sd_journal_process(void *j)")
    }));
    Journal = class _Journal {
      l;
      j;
      closed = false;
      constructor(l, j) {
        this.l = l;
        this.j = j;
      }
      /**
       * Open with journalctl's filter syntax: FIELD=value terms, "+" between alternatives (same-field
       * terms are alternatives, different fields all apply). Undefined when libsystemd cannot be used.
       */
      static open(filter) {
        const l = sdjournal();
        if (!l)
          return void 0;
        const out = [null];
        if (l.open(out, SD_JOURNAL_LOCAL_ONLY) < 0)
          return void 0;
        const journal = new _Journal(l, out[0]);
        l.threshold(out[0], 0);
        for (const term of filter) {
          const r = term === "+" ? l.addDisjunction(out[0]) : l.addMatch(out[0], Buffer.from(term, "utf8"), Buffer.byteLength(term));
          if (r < 0) {
            journal.close();
            return void 0;
          }
        }
        return journal;
      }
      data = [null];
      len = [0];
      ts = [0n];
      /** A field's value ("FIELD=value" as stored, decoded as UTF-8), or undefined. */
      field(name) {
        if (this.l.getData(this.j, name, this.data, this.len) < 0)
          return void 0;
        const len = Number(this.len[0]);
        const s = this.l.koffi.decode(this.data[0], "char", len);
        if (Buffer.byteLength(s) === len)
          return s.slice(name.length + 1);
        return Buffer.from(this.l.koffi.view(this.data[0], len)).toString("utf8", name.length + 1);
      }
      /** The entry at the read position: its fallbacks (_COMM, SYSLOG_PID) looked up only when needed. */
      entry() {
        if (this.l.realtime(this.j, this.ts) < 0)
          return void 0;
        const f = {};
        for (const k of ENTRY_FIELDS) {
          if (k === "_COMM" && f.SYSLOG_IDENTIFIER !== void 0 || k === "SYSLOG_PID" && f._PID !== void 0)
            continue;
          const v = this.field(k);
          if (v !== void 0)
            f[k] = v;
        }
        return entryFrom(BigInt(this.ts[0]), f);
      }
      /** The entries after the read position, oldest first. */
      drain() {
        const out = [];
        while (this.l.next(this.j) > 0) {
          const e = this.entry();
          if (e)
            out.push(e);
        }
        return out;
      }
      /** The last `n` entries, oldest first (journalctl -n N). */
      tail(n) {
        this.l.seekTail(this.j);
        if (n <= 0)
          return [];
        if (this.l.previousSkip(this.j, n) <= 0)
          return [];
        const first = this.entry();
        return [...first ? [first] : [], ...this.drain()];
      }
      /** After tail(): new entries as they arrive, until the iteration stops. */
      async *follow() {
        const fd = this.l.getFd(this.j);
        if (fd < 0)
          return;
        let wake;
        const poller = this.l.koffi.node.poll(fd, { readable: true }, () => wake?.());
        const forget = closeAtExit(poller);
        try {
          for (; ; ) {
            await new Promise((resolve) => wake = resolve);
            wake = void 0;
            if (this.l.process(this.j) === SD_JOURNAL_NOP)
              continue;
            yield* this.drain();
          }
        } finally {
          forget();
          poller.close();
        }
      }
      close() {
        if (this.closed)
          return;
        this.closed = true;
        this.l.close(this.j);
      }
    };
  }
});

// build/lib/platforms/systemd/quote.js
function escapeChars(s, field, dollar) {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0);
    switch (ch) {
      case "\\":
        out += "\\\\";
        break;
      case '"':
        out += '\\"';
        break;
      case "%":
        out += "%%";
        break;
      case "$":
        out += dollar ? "$$" : "$";
        break;
      case "\n":
        out += "\\n";
        break;
      case "	":
        out += "\\t";
        break;
      case "\r":
        out += "\\r";
        break;
      default:
        if (c === 0)
          throw new InvalidConfigError(field, "contains a NUL character, which systemd cannot represent");
        if (c < 32 || c === 127)
          out += "\\x" + c.toString(16).padStart(2, "0");
        else
          out += ch;
    }
  }
  return out;
}
function unitName(name) {
  return `${name}.service`;
}
function quoteExecWord(s, field) {
  return '"' + escapeChars(s, field, true) + '"';
}
function execLine(executable, args) {
  if (/[$]/.test(executable)) {
    throw new InvalidConfigError("executable", 'systemd cannot run an executable whose path contains "$"');
  }
  return [quoteExecWord(executable, "executable"), ...args.map((a, i) => quoteExecWord(a, `arguments[${i}]`))].join(" ");
}
function quoteEnvironment(key, value) {
  return '"' + escapeChars(`${key}=${value}`, `env.${key}`, false) + '"';
}
function escapeSpecifiers(s, field) {
  if (/[\x00-\x1f\x7f]/.test(s))
    throw new InvalidConfigError(field, "must be a single line without control characters");
  if (s.endsWith("\\"))
    throw new InvalidConfigError(field, "must not end with a backslash (systemd would join the next line to it)");
  return s.replace(/%/g, "%%");
}
function unitPath2(s, field) {
  if (s !== s.trim())
    throw new InvalidConfigError(field, "must not start or end with white space");
  if (/^[-~+!]/.test(s) || s.includes("\\") || s.includes('"')) {
    throw new InvalidConfigError(field, `systemd cannot represent this path exactly: ${JSON.stringify(s)}`);
  }
  return escapeSpecifiers(s, field);
}
function timespan(seconds) {
  return `${Math.round(seconds * 1e3)}ms`;
}
var init_quote = __esm({
  "build/lib/platforms/systemd/quote.js"() {
    "use strict";
    init_errors();
  }
});

// build/lib/platforms/shared/template.js
function checkTokens(field, tokens, vars) {
  for (const [type, value] of tokens) {
    if (!ALLOWED.has(type))
      throw new InvalidConfigError(field, `templates take variables only ({{name}}), not sections or partials ("${type}${value}")`);
    if (VARIABLE.has(type) && !Object.hasOwn(vars, value)) {
      throw new InvalidConfigError(field, `{{${value}}} is not a variable of this format (it has: ${Object.keys(vars).join(", ")})`);
    }
  }
}
function applyTemplate(field, template, vars, cfg, header, required = []) {
  let text;
  if (typeof template === "function") {
    text = String(template(vars, cfg));
  } else {
    mustache ??= requirePackage("mustache", `${field} (a template string)`);
    let tokens;
    try {
      tokens = mustache.parse(template);
    } catch (e) {
      throw new InvalidConfigError(field, `is not a valid template: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    checkTokens(field, tokens, vars);
    text = mustache.render(template, vars, {}, { escape: (s) => s });
  }
  for (const r of required)
    if (!text.includes(r.text))
      throw new InvalidConfigError(field, r.hint);
  const missing = header.filter((line) => !text.includes(line));
  if (missing.length === 0)
    return text;
  const nl = text.startsWith("#!") || text.startsWith("<?xml") ? text.indexOf("\n") + 1 : 0;
  return `${text.slice(0, nl)}${missing.join("\n")}
${text.slice(nl)}`;
}
var mustache, VARIABLE, ALLOWED;
var init_template = __esm({
  "build/lib/platforms/shared/template.js"() {
    "use strict";
    init_errors();
    init_sea();
    VARIABLE = /* @__PURE__ */ new Set(["name", "&", "{"]);
    ALLOWED = /* @__PURE__ */ new Set(["text", "!", ...VARIABLE]);
  }
});

// build/lib/platforms/systemd/rotation.js
function rotationTimer(name) {
  return `${ROTATION_PREFIX}${name}.timer`;
}
function rotatesByTimer(cfg) {
  return cfg.userService && cfg.logOutput;
}
function rotationPaths(name, unitDir, stateDir) {
  return {
    timer: import_node_path11.default.join(unitDir, rotationTimer(name)),
    service: import_node_path11.default.join(unitDir, `${ROTATION_PREFIX}${name}.service`),
    config: import_node_path11.default.join(stateDir, `${name}.logrotate`),
    status: import_node_path11.default.join(stateDir, `${name}.logrotate-status`)
  };
}
function renderRotation(cfg, files, unitDir, stateDir) {
  const at = rotationPaths(cfg.name, unitDir, stateDir);
  const head = [`# Written by servicekit: rotates the log files of ${unitName(cfg.name)}; removed with it.`, markLine(cfg.name)];
  const timer = [
    ...head,
    "[Unit]",
    `Description=Rotate the log files of ${cfg.name} (${ROTATION_CALENDAR})`,
    `PartOf=${unitName(cfg.name)}`,
    "",
    "[Timer]",
    `OnCalendar=${ROTATION_CALENDAR}`,
    ""
  ];
  const service = [
    ...head,
    "[Unit]",
    `Description=Rotate the log files of ${cfg.name}`,
    "",
    "[Service]",
    "Type=oneshot",
    `ExecStart=${execLine(LOGROTATE, ["--state", at.status, at.config])}`,
    ""
  ];
  return [
    { path: at.timer, content: timer.join("\n"), mode: 420 },
    { path: at.service, content: service.join("\n"), mode: 420 },
    renderLogrotate(cfg, files, at.config)
  ];
}
var import_node_path11, ROTATION_PREFIX, ROTATION_CALENDAR;
var init_rotation = __esm({
  "build/lib/platforms/systemd/rotation.js"() {
    "use strict";
    import_node_path11 = __toESM(require("node:path"), 1);
    init_ownership();
    init_logrotate();
    init_quote();
    ROTATION_PREFIX = "servicekit-logrotate@";
    ROTATION_CALENDAR = "hourly";
  }
});

// build/lib/platforms/systemd/render.js
function unitDirectory(cfg, env) {
  if (!cfg.userService)
    return SYSTEM_UNIT_DIR;
  const base = env.XDG_CONFIG_HOME && import_node_path12.default.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : import_node_path12.default.join(env.HOME ?? "/", ".config");
  return import_node_path12.default.join(base, "systemd", "user");
}
function unitPathFor(cfg, env) {
  return import_node_path12.default.join(unitDirectory(cfg, env), unitName(cfg.name));
}
function dependencyUnit(dep) {
  return /\.(service|target|socket|mount|path|timer|slice|device)$/.test(dep) ? dep : `${dep}.service`;
}
function renderUnit(cfg) {
  const unit = [];
  const svc = [];
  unit.push(`Description=${escapeSpecifiers(cfg.description || cfg.displayName, "description")}`);
  if (!cfg.userService)
    unit.push("After=network.target");
  for (const d of cfg.dependencies) {
    const u = escapeSpecifiers(dependencyUnit(d), "dependencies");
    unit.push(`Wants=${u}`, `After=${u}`);
  }
  for (const { directive, units } of cfg.unitDependencies)
    unit.push(`${directive}=${units.map((x) => escapeSpecifiers(x, "dependencies")).join(" ")}`);
  unit.push(...rotationWants(cfg));
  unit.push(`StartLimitIntervalSec=${timespan(cfg.startLimit.intervalSec)}`);
  unit.push(`StartLimitBurst=${cfg.startLimit.burst}`);
  const type = serviceType(cfg);
  svc.push(`Type=${type}`);
  if (type === "notify")
    svc.push("NotifyAccess=main");
  svc.push(`ExecStart=${execLine(cfg.executable, cfg.arguments)}`);
  svc.push(`WorkingDirectory=${unitPath2(cfg.workingDirectory, "workingDirectory")}`);
  if (cfg.chroot !== void 0)
    svc.push(`RootDirectory=${unitPath2(cfg.chroot, "chroot")}`);
  if (cfg.userName !== void 0)
    svc.push(`User=${escapeSpecifiers(cfg.userName, "userName")}`);
  if (cfg.groupName !== void 0)
    svc.push(`Group=${escapeSpecifiers(cfg.groupName, "groupName")}`);
  for (const [k, v] of Object.entries(cfg.env))
    svc.push(`Environment=${quoteEnvironment(k, v)}`);
  cfg.environmentFiles.forEach((f, i) => svc.push(`EnvironmentFile=${unitPath2(f, `environmentFile[${i}]`)}`));
  svc.push(`Restart=${cfg.restart}`);
  svc.push(`RestartSec=${timespan(cfg.restartSec)}`);
  svc.push(`TimeoutStopSec=${timespan(cfg.stopTimeoutSec + 10)}`);
  if (cfg.killSignal !== DEFAULTS.killSignal)
    svc.push(`KillSignal=${cfg.killSignal}`);
  svc.push(...limitLines(cfg.limits));
  if (cfg.successExitStatus.length)
    svc.push(`SuccessExitStatus=${cfg.successExitStatus.join(" ")}`);
  if (cfg.reloadSignal !== void 0)
    svc.push(`ExecReload=/bin/kill -s ${cfg.reloadSignal.replace(/^SIG/, "")} $MAINPID`);
  if (cfg.pidFile !== void 0)
    svc.push(`PIDFile=${unitPath2(cfg.pidFile, "pidFile")}`);
  if (cfg.systemd.watchdogSec !== void 0) {
    if (type !== "notify")
      throw new InvalidConfigError("systemd.watchdogSec", 'needs systemd.type "notify"');
    svc.push(`WatchdogSec=${timespan(cfg.systemd.watchdogSec)}`);
  }
  if (cfg.logOutput) {
    const { out, err } = logFiles(cfg);
    svc.push(`StandardOutput=append:${unitPath2(out, "logDirectory")}`);
    svc.push(`StandardError=append:${unitPath2(err, "logDirectory")}`);
  }
  svc.push(`SyslogIdentifier=${cfg.name}`);
  return [
    `# Written by ${VERSION_TAG}; reinstall rather than edit (servicekit uninstall ${cfg.name}${cfg.userService ? " --user" : ""}).`,
    markLine(cfg.name),
    "[Unit]",
    ...unit,
    "",
    "[Service]",
    ...svc,
    "",
    "[Install]",
    `WantedBy=${cfg.userService ? "default.target" : "multi-user.target"}`,
    ""
  ].join("\n");
}
function rotationWants(cfg) {
  return rotatesByTimer(cfg) ? [`Wants=${rotationTimer(cfg.name)}`] : [];
}
function limitLines(l) {
  return [
    ...l.memoryMax === void 0 ? [] : [`MemoryMax=${l.memoryMax}`],
    ...l.cpuQuota === void 0 ? [] : [`CPUQuota=${l.cpuQuota}%`],
    ...l.openFiles === void 0 ? [] : [`LimitNOFILE=${l.openFiles}`],
    ...l.processes === void 0 ? [] : [`LimitNPROC=${l.processes}`]
  ];
}
function checkLineLengths(unit, cfg) {
  for (const line of unit.split("\n")) {
    if (Buffer.byteLength(line, "utf8") < LONG_LINE_MAX)
      continue;
    const field = line.startsWith("Environment=") ? "env" : line.startsWith("ExecStart=") ? "arguments" : "config";
    throw new InvalidConfigError(field, `makes a ${line.split("=")[0]}= line of ${Buffer.byteLength(line, "utf8")} bytes; systemd reads lines under ${LONG_LINE_MAX} (${cfg.name})`);
  }
  return unit;
}
function unitVars(cfg) {
  const deps = cfg.dependencies.map((d) => escapeSpecifiers(dependencyUnit(d), "dependencies"));
  return {
    Name: cfg.name,
    Mark: markLine(cfg.name),
    Description: escapeSpecifiers(cfg.description || cfg.displayName, "description"),
    Dependencies: [...deps.flatMap((u) => [`Wants=${u}`, `After=${u}`]), ...cfg.unitDependencies.map((d) => `${d.directive}=${d.units.join(" ")}`), ...rotationWants(cfg)].join("\n"),
    Type: serviceType(cfg),
    ExecStart: execLine(cfg.executable, cfg.arguments),
    WorkingDirectory: unitPath2(cfg.workingDirectory, "workingDirectory"),
    User: cfg.userName === void 0 ? "" : escapeSpecifiers(cfg.userName, "userName"),
    Environment: [
      ...Object.entries(cfg.env).map(([k, v]) => `Environment=${quoteEnvironment(k, v)}`),
      ...cfg.environmentFiles.map((f, i) => `EnvironmentFile=${unitPath2(f, `environmentFile[${i}]`)}`)
    ].join("\n"),
    Restart: cfg.restart,
    RestartSec: timespan(cfg.restartSec),
    TimeoutStopSec: timespan(cfg.stopTimeoutSec + 10),
    WantedBy: cfg.userService ? "default.target" : "multi-user.target"
  };
}
function renderFiles(cfg, env) {
  const t = cfg.templates.systemd;
  const unit = t === void 0 ? renderUnit(cfg) : applyTemplate("templates.systemd", t, unitVars(cfg), cfg, [markLine(cfg.name)]);
  return [{ path: unitPathFor(cfg, env), content: checkLineLengths(unit, cfg), mode: 420 }];
}
var import_node_path12, SYSTEM_UNIT_DIR, VERSION_TAG, LONG_LINE_MAX;
var init_render = __esm({
  "build/lib/platforms/systemd/render.js"() {
    "use strict";
    import_node_path12 = __toESM(require("node:path"), 1);
    init_config();
    init_errors();
    init_ownership();
    init_log_files();
    init_sd_notify();
    init_template();
    init_quote();
    init_rotation();
    SYSTEM_UNIT_DIR = "/etc/systemd/system";
    VERSION_TAG = "servicekit";
    LONG_LINE_MAX = 1024 * 1024;
  }
});

// build/lib/platforms/systemd/manager.js
var manager_exports = {};
__export(manager_exports, {
  SystemdManager: () => SystemdManager
});
async function* journalLines(journal, n, follow) {
  try {
    const lines = journal.tail(n).flatMap((e) => formatEntry(e).split("\n"));
    for (const line of lines)
      yield line;
    if (follow)
      for await (const e of journal.follow())
        for (const line of formatEntry(e).split("\n"))
          yield line;
  } finally {
    journal.close();
  }
}
async function* formattedJson(lines) {
  for await (const line of lines) {
    const e = entryFromJson(line);
    if (e)
      yield* formatEntry(e).split("\n");
  }
}
function pick(env, k) {
  const v = env[k];
  return v === void 0 ? {} : { [k]: v };
}
var import_node_path13, LINGER_DIR, SYSTEM_PRIVATE_SOCKET, SystemdManager;
var init_manager = __esm({
  "build/lib/platforms/systemd/manager.js"() {
    "use strict";
    import_node_path13 = __toESM(require("node:path"), 1);
    init_unsupported();
    init_errors();
    init_exec();
    init_host();
    init_install();
    init_platform();
    init_log_files();
    init_bus();
    init_control();
    init_journal();
    init_journal_format();
    init_parse();
    init_quote();
    init_render();
    init_rotation();
    LINGER_DIR = "/var/lib/systemd/linger";
    SYSTEM_PRIVATE_SOCKET = "/run/systemd/private";
    SystemdManager = class extends FileManager {
      env;
      platform = "linux-systemd";
      unsupported = unsupported;
      suffix = ".service";
      scopes = ["system", "user"];
      unitEnv;
      constructor(host = realHost, env = process.env, opts = {}) {
        super(host, opts);
        this.env = env;
        this.unitEnv = { ...pick(env, "HOME"), ...pick(env, "XDG_CONFIG_HOME") };
      }
      renderFiles(cfg) {
        return renderFiles(cfg, this.unitEnv);
      }
      filePaths(cfg) {
        return [unitPathFor(cfg, this.unitEnv)];
      }
      userHome() {
        return this.unitEnv.HOME ?? "/";
      }
      /**
       * How to talk to the manager of the config's scope: its D-Bus API on the private socket (the
       * system manager's for root, the user manager's for its user), else systemctl. The connection is
       * opened once per process; SERVICEKIT_LIBSYSTEMD=0 forces systemctl.
       */
      control(cfg) {
        if (this.libsystemd()) {
          const euid = this.host.euid();
          const socket = cfg.userService ? import_node_path13.default.join(this.runtimeDir(), "systemd", "private") : euid === 0 ? SYSTEM_PRIVATE_SOCKET : void 0;
          const bus = socket === void 0 ? void 0 : busAt(socket);
          if (bus)
            return new BusControl(bus);
        }
        return new SystemctlControl(this.host, cfg.userService, this.commandEnv(cfg));
      }
      /** libsystemd (sd-bus, sd-journal) for the real machine, unless SERVICEKIT_LIBSYSTEMD=0 asks for systemctl and journalctl. */
      libsystemd() {
        return this.host === realHost && this.env["SERVICEKIT_LIBSYSTEMD"] !== "0";
      }
      runtimeDir() {
        return this.env["XDG_RUNTIME_DIR"] || `/run/user/${this.host.euid() ?? 0}`;
      }
      commandEnv(cfg) {
        if (!cfg.userService)
          return this.env;
        const euid = this.host.euid();
        return { ...this.env, XDG_RUNTIME_DIR: this.env["XDG_RUNTIME_DIR"] || `/run/user/${euid ?? 0}` };
      }
      async show(cfg) {
        const [p] = await this.control(cfg).show([unitName(cfg.name)]);
        return p ?? {};
      }
      async assertUnknown(cfg) {
        const existing = await this.show(cfg);
        if (existing["LoadState"] !== "not-found") {
          throw new AlreadyInstalledError(cfg.name, `a unit ${unitName(cfg.name)} already exists at ${existing["FragmentPath"] || "an unknown path"}`);
        }
      }
      /** The control commands work on any unit systemd knows (a packaged one too), not only on servicekit's. */
      async assertInstalled(cfg) {
        if ((await this.show(cfg))["LoadState"] === "not-found")
          throw new NotInstalledError(cfg.name);
      }
      async definedElsewhere(cfg) {
        const p = await this.show(cfg);
        return p["LoadState"] === "not-found" ? void 0 : p["FragmentPath"] || `systemd's unit ${unitName(cfg.name)}`;
      }
      fileDirectories(cfg) {
        return [...this.filePaths(cfg).map((f) => import_node_path13.default.dirname(f)), ...super.fileDirectories(cfg)];
      }
      outputFiles(cfg) {
        if (!cfg.logOutput)
          return [];
        const { out, err } = logFiles(cfg);
        return [out, err];
      }
      logDirectories(cfg) {
        return cfg.logOutput ? [cfg.logDirectory] : [];
      }
      /** A system service: the logrotate drop-in. A user service writing to files: its own timer (rotation.ts). */
      rotationFiles(cfg) {
        if (!cfg.userService)
          return super.rotationFiles(cfg);
        return rotatesByTimer(cfg) ? renderRotation(cfg, this.outputFiles(cfg), unitDirectory(cfg, this.unitEnv), this.stateDirectory(cfg)) : [];
      }
      rotationPaths(cfg) {
        if (!cfg.userService)
          return super.rotationPaths(cfg);
        const at = this.userRotation(cfg);
        return [at.timer, at.service, at.config];
      }
      rotationConfig(cfg) {
        return cfg.userService ? this.userRotation(cfg).config : super.rotationConfig(cfg);
      }
      rotationLeftovers(cfg) {
        return cfg.userService ? [this.userRotation(cfg).status] : [];
      }
      userRotation(cfg) {
        return rotationPaths(cfg.name, unitDirectory(cfg, this.unitEnv), this.stateDirectory(cfg));
      }
      /** Is logind keeping this user's manager running without a login? */
      async lingering() {
        return await this.host.lstat(import_node_path13.default.join(LINGER_DIR, this.host.userName())) !== void 0;
      }
      /** A user service with `linger`: lingering turned on first (and off again if the install fails). */
      async prepareScope(cfg, step) {
        if (!cfg.userService || !cfg.linger || await this.lingering())
          return;
        await step("enable lingering", async () => {
          const r = await this.host.exec("loginctl", ["enable-linger", this.host.userName()], { env: this.env, allowFail: true });
          if (r.code !== 0) {
            throw new PermissionError(`turning lingering on for ${this.host.userName()} was refused (${r.stderr.trim() || `loginctl exited ${r.code}`}); as root: loginctl enable-linger ${this.host.userName()}`);
          }
        }, async () => void await this.host.exec("loginctl", ["disable-linger", this.host.userName()], { env: this.env, allowFail: true }));
      }
      async warnings(cfg, files) {
        const rotation = await super.warnings(cfg, files);
        if (!cfg.userService || await this.lingering())
          return rotation;
        const user = this.host.userName();
        return [...rotation, `lingering is off for ${user}: ${cfg.name} stops when ${user}'s last session ends and does not start at boot (install --linger, or as root: loginctl enable-linger ${user})`];
      }
      /** An install that starts the unit does not reload systemd (a reload costs 0.1–0.35 s; see Control.enableNow); a rollback reloads once, last. */
      async afterRollback(cfg) {
        await this.control(cfg).reload();
      }
      /**
       * Enabled and reloaded (as `systemctl enable`), or with a start enabled and started without a
       * reload (Control.enableNow). Its undo is given up front: the step may half-succeed (enabled, start failed).
       */
      async enable(cfg, step, start) {
        const unit = unitName(cfg.name);
        const ctl = this.control(cfg);
        if (!cfg.enabled)
          return false;
        await step(start ? "enable and start unit" : "enable unit", async () => {
          if (start)
            await this.startAndVerify(cfg, "enable-now", start);
          else
            await ctl.enable(unit);
        }, async () => {
          if (start) {
            await ctl.job("stop", unit);
            await ctl.resetFailed(unit);
          }
          await ctl.disable(unit);
        });
        return start !== void 0;
      }
      /**
       * A daemon reload. An update that stops writing a user service's output to files removed its
       * rotation timer's files: the timer, still loaded, is stopped too (it would start a unit that is gone).
       */
      async reloadDefinitions(cfg) {
        const ctl = this.control(cfg);
        await ctl.reload();
        if (!cfg.userService || rotatesByTimer(cfg))
          return;
        const timer = rotationTimer(cfg.name);
        const [shown] = await ctl.show([timer]);
        const state = shown?.["ActiveState"];
        if (state === void 0 || state === "inactive")
          return;
        if (state !== "failed")
          await ctl.job("stop", timer);
        await ctl.resetFailed(timer);
      }
      /** The [Install] section may name other targets now: the old links go, the new ones come (reenable). */
      async refreshEnablement(cfg) {
        const ctl = this.control(cfg);
        await ctl.disable(unitName(cfg.name));
        await ctl.enable(unitName(cfg.name));
      }
      async setBoot(cfg, on) {
        const ctl = this.control(cfg);
        const unit = unitName(cfg.name);
        if (on)
          await ctl.enable(unit);
        else {
          await ctl.disable(unit);
          await ctl.reload();
        }
      }
      /** Stop and disable in one call; the one reload follows the removal of the file. */
      async deactivate(cfg) {
        await this.control(cfg).disableNow(unitName(cfg.name));
      }
      /** A failed state is cleared while systemd reloads (systemd keeps failed units listed otherwise); either order leaves nothing. */
      async afterRemove(cfg) {
        const ctl = this.control(cfg);
        await Promise.all([ctl.reload(), ctl.resetFailed(unitName(cfg.name))]);
      }
      /**
       * Start, restart or enable-and-start the unit (the job awaited), then check that it came up and
       * stays up through the settle window without being restarted (NRestarts).
       */
      async startAndVerify(cfg, verb, start) {
        const unit = unitName(cfg.name);
        const ctl = this.control(cfg);
        const job = verb === "enable-now" ? await ctl.enableNow(unit) : await ctl.job(verb, unit);
        let last = {};
        const failure = job !== void 0 ? job.reason : await this.settle(async () => {
          last = await this.show(cfg);
          const n = Number(last["NRestarts"]);
          return { state: stateFromShow(last), ...Number.isInteger(n) ? { restarts: n } : {} };
        }, start?.settleMs);
        if (failure !== void 0) {
          const tail = await logTail(this.logs(cfg, { lines: 10 }), 10);
          const seen = last["ActiveState"] ? ` (${last["ActiveState"]}/${last["SubState"] ?? "?"})` : "";
          throw new StartFailedError(cfg.name, `${failure}${seen}`, tail, { cause: job?.cause });
        }
      }
      async stopService(cfg) {
        const unit = unitName(cfg.name);
        const failed = await this.control(cfg).job("stop", unit);
        if (failed)
          throw failed.cause ?? new CommandFailedError("systemctl", ["stop", unit], 1, failed.reason);
      }
      /**
       * One query for all of them (one `systemctl show`, or one D-Bus call); where it leaves out the
       * enablement, it comes from the `.wants`/`.requires` links beside the units.
       */
      async statuses(cfgs) {
        const [first] = cfgs;
        if (first === void 0)
          return [];
        const shown = await this.control(first).states(cfgs.map((c) => unitName(c.name)));
        const linked = shown.some((p) => p["UnitFileState"] === void 0) ? await this.wantedUnits(first) : void 0;
        return cfgs.map((c, i) => {
          const p = shown[i] ?? {};
          if (p["UnitFileState"] === void 0 && linked)
            p["UnitFileState"] = linked.has(unitName(c.name)) ? "enabled" : "disabled";
          return this.detail(c, p);
        });
      }
      /** The units something wants or requires: the links in the unit directory's *.wants and *.requires. */
      async wantedUnits(cfg) {
        const dir = import_node_path13.default.dirname(unitPathFor(cfg, this.unitEnv));
        const deps = (await this.host.readdir(dir)).filter((d) => d.endsWith(".wants") || d.endsWith(".requires"));
        const lists = await Promise.all(deps.map((d) => this.host.readdir(import_node_path13.default.join(dir, d))));
        return new Set(lists.flat());
      }
      /** PropertiesChanged of the unit, on the bus; undefined on the systemctl path. */
      subscribe(cfg, onChange) {
        return this.control(cfg).watch?.(unitName(cfg.name), onChange);
      }
      async status(cfg) {
        return this.detail(cfg, await this.show(cfg));
      }
      detail(cfg, p) {
        const installed = p["LoadState"] !== "not-found";
        const pid = pidFromShow(p);
        const enabled = enabledFromShow(p);
        return {
          name: cfg.name,
          platform: this.platform,
          state: installed ? stateFromShow(p) : "not-installed",
          ...pid === void 0 ? {} : { pid },
          ...enabled === void 0 ? {} : { enabled },
          raw: p
        };
      }
      logs(cfg, opts) {
        if (cfg.logOutput) {
          const { out, err } = logFiles(cfg);
          return streamLines("tail", ["-n", String(opts.lines ?? 50), ...opts.follow ? ["-F"] : [], out, err], { env: this.env, check: true });
        }
        const unit = unitName(cfg.name);
        const uid = this.host.euid() ?? 0;
        const filter = cfg.userService ? [`_SYSTEMD_USER_UNIT=${unit}`, "+", `USER_UNIT=${unit}`, `_UID=${uid}`, "+", `SYSLOG_IDENTIFIER=${cfg.name}`, `_UID=${uid}`] : [`_SYSTEMD_UNIT=${unit}`, "+", `UNIT=${unit}`, "_PID=1", "+", `SYSLOG_IDENTIFIER=${cfg.name}`];
        const n = opts.lines ?? 50;
        const journal = this.libsystemd() ? Journal.open(filter) : void 0;
        if (journal)
          return journalLines(journal, n, Boolean(opts.follow));
        const args = [...filter, "--no-pager", "-o", "json", "--all", "-n", String(n), ...opts.follow ? ["-f"] : []];
        return formattedJson(streamLines("journalctl", args, { env: this.env, check: true }));
      }
    };
  }
});

// build/lib/platforms/systemd/index.js
var systemd;
var init_systemd = __esm({
  "build/lib/platforms/systemd/index.js"() {
    "use strict";
    init_probe();
    init_sd_notify();
    init_journald();
    systemd = {
      id: "linux-systemd",
      paths: "posix",
      onOs: (os5) => os5 === "linux",
      running: (probe) => probe.exists("/run/systemd/system") || probe.read("/proc/1/comm")?.trim() === "systemd",
      // A child of the system or user manager, stderr on the journal stream (even under a wrapper), or
      // systemd's own invocation variables.
      startedThisProcess: (probe) => parentComm(probe) === "systemd" || stderrIsJournal(probe) || Boolean(probe.env["INVOCATION_ID"] && probe.env["NOTIFY_SOCKET"]),
      manager: async (host, env) => new (await Promise.resolve().then(() => (init_manager(), manager_exports))).SystemdManager(host, env),
      systemLogger: journaldLogger,
      notifier: (env) => sdNotifier(env)
    };
  }
});

// build/lib/platforms/shared/syslog.js
function syslogLogger(tag, onError) {
  let write;
  const sink = withStderrFallback(tag, (level, message) => {
    write ??= openSyslog(tag);
    for (const line of message.split("\n"))
      write(PRIORITY[level], line);
  }, onError);
  return loggerFrom(sink, onError);
}
var init_syslog = __esm({
  "build/lib/platforms/shared/syslog.js"() {
    "use strict";
    init_libc();
    init_logger();
  }
});

// build/lib/platforms/upstart/unsupported.js
var unsupported2;
var init_unsupported2 = __esm({
  "build/lib/platforms/upstart/unsupported.js"() {
    "use strict";
    init_support();
    unsupported2 = {
      ...NOT_SMF,
      ...otherTemplates("upstart"),
      ...NOT_LAUNCHD,
      ...NOT_WINDOWS,
      ...NO_CGROUP_LIMITS,
      "userService=true": "no per-user services (they need systemd or launchd)",
      restartSec: "Upstart respawns at once: it has no respawn delay",
      pidFile: "Upstart tracks the process itself",
      "logOutput=false": "there is no journal: the output always goes to LOGDIR/NAME.log",
      "systemd.watchdogSec": "Upstart has no watchdog",
      "restart=on-success": "Upstart respawns on any exit but its normal exit codes: use always, on-failure or no",
      "restart=on-abnormal": "Upstart respawns on any exit but its normal exit codes: use always, on-failure or no",
      "restart=on-abort": "Upstart respawns on any exit but its normal exit codes: use always, on-failure or no",
      "restart=on-watchdog": "Upstart respawns on any exit but its normal exit codes: use always, on-failure or no",
      "enabled=false": 'a job starts by its "start on" stanza: there is no installed-but-disabled state',
      unitDependencies: `dependencies given as systemd unit lines ("After=\u2026") are systemd's; give plain service names`
    };
  }
});

// build/lib/platforms/shared/shell.js
function shellQuote(value, field) {
  if (value.includes("\0"))
    throw new InvalidConfigError(field, "contains a NUL character, which a shell script cannot hold");
  const parts = value.split("\n").map((p) => `'${p.replace(/'/g, `'\\''`)}'`);
  return parts.join(`"$${NL_VAR}"`).replace(/^''(?=.)/, "").replace(/(?<=.)''$/, "") || "''";
}
function shellWords(words, field) {
  return words.map((w, i) => shellQuote(w, `${field}[${i}]`)).join(" ");
}
function commentText(s, field) {
  if (/[\x00-\x1f\x7f]/.test(s))
    throw new InvalidConfigError(field, "must be a single line without control characters");
  return s;
}
var NL_VAR, NL_DEFINITION;
var init_shell = __esm({
  "build/lib/platforms/shared/shell.js"() {
    "use strict";
    init_errors();
    NL_VAR = "__servicekit_nl";
    NL_DEFINITION = `${NL_VAR}='
'`;
  }
});

// build/lib/platforms/shared/initscript.js
function initScriptPath(name) {
  return `${INIT_DIR}/${name}`;
}
function daemonFiles(cfg) {
  return {
    pidFile: cfg.pidFile ?? `${SYSTEM_RUNTIME_DIR}/${cfg.name}.pid`,
    logFile: import_node_path14.default.join(cfg.logDirectory, `${cfg.name}.log`)
  };
}
function stopGraceSec(cfg) {
  return Math.ceil(cfg.stopTimeoutSec) + 10;
}
function stopSchedule(cfg) {
  return `${cfg.killSignal.replace(/^SIG/, "")}/${stopGraceSec(cfg)}/KILL/5`;
}
function ulimitLines(cfg) {
  const { openFiles, processes } = cfg.limits;
  return [
    ...openFiles === void 0 ? [] : [`ulimit -n ${openFiles === "infinity" ? '"$(cat /proc/sys/fs/nr_open)"' : openFiles} || exit 1`],
    ...processes === void 0 ? [] : [`if ulimit -u >/dev/null 2>&1; then ulimit -u ${limitWord(processes)}; else ulimit -p ${limitWord(processes)}; fi || exit 1`]
  ];
}
function limitWord(n) {
  return n === "infinity" ? "unlimited" : String(n);
}
function startPrelude(cfg) {
  return [...ulimitLines(cfg), ...envExports(cfg)];
}
function envExports(cfg) {
  return Object.entries(serviceEnv(cfg)).map(([k, v]) => `export ${k}=${shellQuote(v, `env.${k}`)}`);
}
function commandWords(cfg) {
  return { executable: shellQuote(cfg.executable, "executable"), args: shellWords(cfg.arguments, "arguments") };
}
function ssdStart(cfg, notify) {
  const f = daemonFiles(cfg);
  const { executable, args } = commandWords(cfg);
  if (cfg.pidFile !== void 0) {
    throw new InvalidConfigError("pidFile", "start-stop-daemon writes the PID file itself here; leave pidFile unset");
  }
  return [
    "/sbin/start-stop-daemon --start --quiet --background --make-pidfile",
    `--pidfile ${shellQuote(f.pidFile, "pidFile")}`,
    `--chdir ${shellQuote(cfg.workingDirectory, "workingDirectory")}`,
    ...cfg.chroot === void 0 ? [] : [`--chroot ${shellQuote(cfg.chroot, "chroot")}`],
    ...cfg.userName === void 0 ? [] : [`--chuid ${shellQuote(cfg.userName, "userName")}`],
    ...cfg.groupName === void 0 ? [] : [`--group ${shellQuote(cfg.groupName, "groupName")}`],
    ...notify ? [`--notify-await --notify-timeout ${Math.max(10, Math.ceil(cfg.stopTimeoutSec))}`] : [],
    `--output ${shellQuote(f.logFile, "logDirectory")}`,
    `--startas ${executable}`,
    `-- ${args}`
  ].join(" \\\n    ");
}
function ssdStop(cfg) {
  const f = daemonFiles(cfg);
  return `/sbin/start-stop-daemon --stop --quiet --oknodo --retry ${stopSchedule(cfg)} --pidfile ${shellQuote(f.pidFile, "pidFile")} --remove-pidfile`;
}
function ssdSignal(cfg, signal) {
  return `/sbin/start-stop-daemon --stop --signal ${signal.replace(/^SIG/, "")} --quiet --pidfile ${shellQuote(daemonFiles(cfg).pidFile, "pidFile")}`;
}
function ssdStatus(cfg) {
  return `/sbin/start-stop-daemon --status --pidfile ${shellQuote(daemonFiles(cfg).pidFile, "pidFile")}`;
}
function prepareLogFile(cfg) {
  const f = daemonFiles(cfg);
  const q = shellQuote(f.logFile, "logDirectory");
  return [
    `mkdir -p -m 0755 ${shellQuote(SYSTEM_RUNTIME_DIR, "pidFile")} ${shellQuote(import_node_path14.default.dirname(f.logFile), "logDirectory")}`,
    `! { [ -L ${q} ] || { [ -e ${q} ] && [ ! -f ${q} ]; }; } || { echo ${q}": not a regular file, not used" >&2; false; }`,
    `[ -e ${q} ] || ( umask 027 && : >> ${q} )`,
    ...cfg.userName === void 0 ? [] : [`chown -h ${shellQuote(cfg.userName, "userName")} ${q}`]
  ];
}
function scriptVars(cfg) {
  const f = daemonFiles(cfg);
  const { executable, args } = commandWords(cfg);
  return {
    Name: cfg.name,
    Mark: markLine(cfg.name),
    /** The line that defines the variable newlines in values are written with: before any value. */
    Prelude: NL_DEFINITION,
    Description: commentText(cfg.description, "description"),
    Executable: executable,
    Arguments: args,
    Command: `${executable} ${args}`.trim(),
    Env: envExports(cfg).join("\n"),
    WorkingDirectory: shellQuote(cfg.workingDirectory, "workingDirectory"),
    User: cfg.userName === void 0 ? "" : shellQuote(cfg.userName, "userName"),
    PidFile: shellQuote(f.pidFile, "pidFile"),
    LogFile: shellQuote(f.logFile, "logDirectory")
  };
}
var import_node_path14, INIT_DIR;
var init_initscript = __esm({
  "build/lib/platforms/shared/initscript.js"() {
    "use strict";
    import_node_path14 = __toESM(require("node:path"), 1);
    init_errors();
    init_paths();
    init_shell();
    init_ownership();
    init_env_file();
    INIT_DIR = "/etc/init.d";
  }
});

// build/lib/platforms/shared/script-manager.js
var CLEAN_ENV, ScriptManager, InitScriptManager;
var init_script_manager = __esm({
  "build/lib/platforms/shared/script-manager.js"() {
    "use strict";
    init_errors();
    init_exec();
    init_install();
    init_platform();
    init_initscript();
    CLEAN_ENV = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C" };
    ScriptManager = class extends FileManager {
      scopes = ["system"];
      /** The script makes the log directory at each start too; install checks (or makes) it first. */
      logDirectories(cfg) {
        return [cfg.logDirectory];
      }
      outputFiles(cfg) {
        return [daemonFiles(cfg).logFile];
      }
      exec(cmd, args, allowFail = false) {
        return this.host.exec(cmd, args, { env: CLEAN_ENV, allowFail });
      }
      async deactivate(cfg) {
        const st = await this.status(cfg);
        if (st.state !== "stopped")
          await this.stopService(cfg);
        await this.disable(cfg);
      }
      async stopService(cfg) {
        const r = await this.control(cfg, "stop");
        if (r.code !== 0)
          throw new CommandFailedError(this.platform, ["stop", cfg.name], r.code, r.stderr || r.stdout);
      }
      /** How often the manager has started the program, where it tells (OpenRC's supervise-daemon). */
      async restarts(_cfg) {
        return void 0;
      }
      /** The restart count a start or restart begins from, read before it (undefined: the first reading after it). */
      async restartBaseline(_cfg, _verb) {
        return void 0;
      }
      /** Start (or restart), then watch it through the settle window: a program that dies (or is respawned) is a failed start. */
      async startAndVerify(cfg, verb, start) {
        const baseline = await this.restartBaseline(cfg, verb);
        const r = await this.control(cfg, verb);
        const failure = r.code !== 0 ? `${verb} exited ${r.code}` : await this.settle(async () => {
          const restarts = await this.restarts(cfg);
          return { state: (await this.status(cfg)).state, ...restarts === void 0 ? {} : { restarts } };
        }, start?.settleMs, baseline);
        if (failure !== void 0) {
          throw new StartFailedError(cfg.name, failure, await logTail(this.logs(cfg, { lines: 10 }), 10), {
            cause: r.code !== 0 ? new CommandFailedError(this.platform, [verb, cfg.name], r.code, r.stderr || r.stdout) : void 0
          });
        }
      }
      /** Does it start at boot? Undefined where the manager cannot tell. */
      async isEnabled(_cfg) {
        return void 0;
      }
      /** A state the exit code alone cannot tell (OpenRC: stopped after giving up respawning is failed). */
      async refine(_cfg, state) {
        return state;
      }
      async status(cfg) {
        const [main2] = this.filePaths(cfg);
        if (main2 === void 0 || !await this.host.exists(main2)) {
          return { name: cfg.name, platform: this.platform, state: "not-installed", raw: {} };
        }
        const r = await this.control(cfg, "status");
        const pid = await this.pidFrom(r, cfg);
        const state = await this.refine(cfg, this.stateOf(r));
        const enabled = await this.isEnabled(cfg);
        return {
          name: cfg.name,
          platform: this.platform,
          state,
          ...pid !== void 0 && state === "running" ? { pid } : {},
          ...enabled === void 0 ? {} : { enabled },
          raw: { exitCode: String(r.code), output: (r.stdout + r.stderr).trim() }
        };
      }
      /** The PID: from the PID file by default (Upstart reads it from the status output). */
      async pidFrom(_status, cfg) {
        try {
          const n = Number((await this.host.readFile(daemonFiles(cfg).pidFile)).trim());
          return Number.isInteger(n) && n > 0 ? n : void 0;
        } catch {
          return void 0;
        }
      }
      /** The service's own output (its log file), then what it sent to syslog under its name. */
      async *logs(cfg, opts) {
        const n = opts.lines ?? 50;
        const { logFile } = daemonFiles(cfg);
        const syslogFile = await this.host.exists("/var/log/syslog") ? "/var/log/syslog" : "/var/log/messages";
        const tagged = new RegExp(`\\s${cfg.name.replace(/[.]/g, "\\.")}(\\[\\d+\\])?:\\s`);
        const files = [logFile, syslogFile];
        const mine = (line, fromSyslog) => !fromSyslog || tagged.test(line);
        if (!opts.follow) {
          for (const [i, f] of files.entries()) {
            let text = "";
            try {
              text = await this.host.readFile(f);
            } catch {
              continue;
            }
            yield* text.split("\n").filter((l) => l !== "" && mine(l, i === 1)).slice(-n);
          }
          return;
        }
        let current = "";
        for await (const line of streamLines("tail", ["-n", String(n), "-F", ...files])) {
          const header = /^==> (.*) <==$/.exec(line);
          if (header) {
            current = header[1] ?? "";
            continue;
          }
          if (line !== "" && mine(line, current === syslogFile))
            yield line;
        }
      }
    };
    InitScriptManager = class extends ScriptManager {
      suffix = "";
      filePaths(cfg) {
        return [initScriptPath(cfg.name)];
      }
    };
  }
});

// build/lib/platforms/upstart/parse.js
function parseInitctlStatus(text) {
  const m = /^\S+(?: \([^)]*\))? (start|stop)\/([a-z-]+)(?:, process (\d+))?/m.exec(text);
  if (!m)
    return { state: "unknown" };
  const [, goal, status2, pid] = m;
  let state;
  if (goal === "start")
    state = status2 === "running" ? "running" : "starting";
  else
    state = status2 === "waiting" ? "stopped" : "stopping";
  return pid ? { state, pid: Number(pid) } : { state };
}
var init_parse2 = __esm({
  "build/lib/platforms/upstart/parse.js"() {
    "use strict";
  }
});

// build/lib/platforms/upstart/render.js
function jobPath(name) {
  return `${UPSTART_DIR}/${name}.conf`;
}
function stanzaString(s, field) {
  return `"${commentText(s, field).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
function stanzaToken(s, field) {
  if (!/^[^\s"'\\#]+$/.test(s))
    throw new InvalidConfigError(field, `Upstart cannot hold ${JSON.stringify(s)} in a job stanza`);
  return s;
}
function renderUpstartJob(cfg) {
  const { executable, args } = commandWords(cfg);
  const log = shellQuote(daemonFiles(cfg).logFile, "logDirectory");
  const startOn = cfg.dependencies.length ? `start on (runlevel [2345] and ${cfg.dependencies.map((d) => `started ${stanzaToken(d, "dependencies")}`).join(" and ")})` : "start on runlevel [2345]";
  const lines = [
    `# Written by servicekit; reinstall rather than edit (servicekit uninstall ${cfg.name}).`,
    markLine(cfg.name),
    `description ${stanzaString(cfg.description, "description")}`,
    startOn,
    "stop on runlevel [!2345]",
    ""
  ];
  if (cfg.restart !== "no") {
    lines.push("respawn", `respawn limit ${cfg.startLimit.burst} ${Math.max(1, Math.round(cfg.startLimit.intervalSec))}`);
    if (cfg.restart === "on-failure")
      lines.push(`normal exit ${[0, ...cfg.successExitStatus].map((x) => String(x).replace(/^SIG/, "")).join(" ")}`);
  }
  lines.push(`kill timeout ${stopGraceSec(cfg)}`);
  if (cfg.killSignal !== DEFAULTS.killSignal)
    lines.push(`kill signal ${cfg.killSignal.replace(/^SIG/, "")}`);
  if (cfg.reloadSignal !== void 0)
    lines.push(`reload signal ${cfg.reloadSignal}`);
  for (const [stanza, n] of [["nofile", cfg.limits.openFiles], ["nproc", cfg.limits.processes]]) {
    if (n !== void 0)
      lines.push(`limit ${stanza} ${n === "infinity" ? "unlimited" : n} ${n === "infinity" ? "unlimited" : n}`);
  }
  if (cfg.userName !== void 0)
    lines.push(`setuid ${stanzaToken(cfg.userName, "userName")}`);
  if (cfg.groupName !== void 0)
    lines.push(`setgid ${stanzaToken(cfg.groupName, "groupName")}`);
  if (cfg.chroot !== void 0)
    lines.push(`chroot ${stanzaToken(cfg.chroot, "chroot")}`);
  lines.push(
    "",
    "pre-start script",
    ...prepareLogFile(cfg).map((l) => `  ${l}`),
    "end script",
    "",
    "script",
    // Values never put a line of their own into this block (newlines are "$__servicekit_nl"),
    // so no value can end it early with an "end script" line.
    `  ${NL_DEFINITION.replace("\n", "\n")}`,
    ...envExports(cfg).map((l) => `  ${l}`),
    `  cd ${shellQuote(cfg.workingDirectory, "workingDirectory")}`,
    `  exec ${executable} ${args} >> ${log} 2>&1`,
    "end script",
    ""
  );
  return lines.join("\n");
}
function needsPrelude(vars) {
  return vars["Command"].includes(NL_VAR) || vars["Env"].includes(NL_VAR) ? [{ text: NL_DEFINITION, hint: "a value holds a newline: put {{Prelude}} in the script block, before the values" }] : [];
}
function renderUpstartFiles(cfg) {
  const t = cfg.templates.upstart;
  if (t === void 0)
    return [{ path: jobPath(cfg.name), content: renderUpstartJob(cfg), mode: definitionMode(cfg, 420) }];
  const vars = scriptVars(cfg);
  const content = applyTemplate("templates.upstart", t, vars, cfg, [markLine(cfg.name)], needsPrelude(vars));
  return [{ path: jobPath(cfg.name), content, mode: definitionMode(cfg, 420) }];
}
var UPSTART_DIR;
var init_render2 = __esm({
  "build/lib/platforms/upstart/render.js"() {
    "use strict";
    init_config();
    init_errors();
    init_ownership();
    init_initscript();
    init_template();
    init_env_file();
    init_shell();
    UPSTART_DIR = "/etc/init";
  }
});

// build/lib/platforms/upstart/manager.js
var manager_exports2 = {};
__export(manager_exports2, {
  UpstartManager: () => UpstartManager
});
var OK, UpstartManager;
var init_manager2 = __esm({
  "build/lib/platforms/upstart/manager.js"() {
    "use strict";
    init_unsupported2();
    init_errors();
    init_script_manager();
    init_parse2();
    init_render2();
    OK = { code: 0, stdout: "", stderr: "" };
    UpstartManager = class extends ScriptManager {
      platform = "linux-upstart";
      unsupported = unsupported2;
      suffix = ".conf";
      renderFiles(cfg) {
        return renderUpstartFiles(cfg);
      }
      filePaths(cfg) {
        return [jobPath(cfg.name)];
      }
      async reload() {
        await this.exec("initctl", ["reload-configuration"]);
      }
      /** The job starts at boot by its "start on" stanza: nothing to enable. */
      async enable() {
        return false;
      }
      async disable() {
      }
      async setBoot() {
        throw new UnsupportedError('enabling or disabling is not supported on linux-upstart: its jobs start by their "start on" stanza');
      }
      async control(cfg, verb) {
        if (verb === "status")
          return this.exec("initctl", ["status", cfg.name], true);
        const now = parseInitctlStatus((await this.exec("initctl", ["status", cfg.name], true)).stdout).state;
        const running2 = now === "running" || now === "starting";
        switch (verb) {
          case "start":
            return running2 ? OK : this.exec("initctl", ["start", cfg.name], true);
          case "stop":
            return now === "stopped" ? OK : this.exec("initctl", ["stop", cfg.name], true);
          case "restart":
            return this.exec("initctl", [running2 ? "restart" : "start", cfg.name], true);
        }
      }
      stateOf(r) {
        return r.code === 0 ? parseInitctlStatus(r.stdout).state : "unknown";
      }
      pidFrom(r, _cfg) {
        return Promise.resolve(parseInitctlStatus(r.stdout).pid);
      }
    };
  }
});

// build/lib/platforms/upstart/index.js
var upstart;
var init_upstart = __esm({
  "build/lib/platforms/upstart/index.js"() {
    "use strict";
    init_probe();
    init_sd_notify();
    init_syslog();
    upstart = {
      id: "linux-upstart",
      paths: "posix",
      onOs: (os5) => os5 === "linux",
      running: (probe) => onPath(probe, "initctl") && /upstart/i.test(probe.run("initctl", ["--version"]) ?? ""),
      startedThisProcess: (probe) => probe.ppid === 1,
      manager: async (host) => new (await Promise.resolve().then(() => (init_manager2(), manager_exports2))).UpstartManager(host),
      systemLogger: syslogLogger,
      notifier: (env) => sdNotifier(env)
    };
  }
});

// build/lib/platforms/openrc/unsupported.js
var unsupported3;
var init_unsupported3 = __esm({
  "build/lib/platforms/openrc/unsupported.js"() {
    "use strict";
    init_support();
    unsupported3 = {
      ...NOT_SMF,
      ...otherTemplates("openrc"),
      ...NOT_LAUNCHD,
      ...NOT_WINDOWS,
      ...NO_CGROUP_LIMITS,
      "userService=true": "no per-user services (they need systemd or launchd)",
      "restart=on-failure": "supervise-daemon cannot tell a clean exit from a crash (use 'always' or 'no')",
      successExitStatus: "supervise-daemon cannot tell exit codes apart",
      pidFile: "supervise-daemon and start-stop-daemon write the PID file themselves",
      "logOutput=false": "there is no journal: the output always goes to LOGDIR/NAME.log",
      "systemd.watchdogSec": "OpenRC has no watchdog",
      "restart=on-success": "supervise-daemon restarts on any exit: use always or no",
      "restart=on-abnormal": "supervise-daemon restarts on any exit: use always or no",
      "restart=on-abort": "supervise-daemon restarts on any exit: use always or no",
      "restart=on-watchdog": "supervise-daemon restarts on any exit: use always or no",
      unitDependencies: `dependencies given as systemd unit lines ("After=\u2026") are systemd's; give plain service names`
    };
  }
});

// build/lib/platforms/openrc/render.js
function supervisedStart(cfg) {
  const f = daemonFiles(cfg);
  const { executable, args } = commandWords(cfg);
  if (cfg.pidFile !== void 0)
    throw new InvalidConfigError("pidFile", "supervise-daemon writes the PID file itself; leave pidFile unset");
  const log = shellQuote(f.logFile, "logDirectory");
  const opts = [
    'supervise-daemon "$RC_SVCNAME" --start',
    `--pidfile ${shellQuote(f.pidFile, "pidFile")}`,
    `--chdir ${shellQuote(cfg.workingDirectory, "workingDirectory")}`,
    ...cfg.chroot === void 0 ? [] : [`--chroot ${shellQuote(cfg.chroot, "chroot")}`],
    ...cfg.userName === void 0 ? [] : [`--user ${shellQuote(cfg.userName, "userName")}`],
    ...cfg.groupName === void 0 ? [] : [`--group ${shellQuote(cfg.groupName, "groupName")}`],
    `--respawn-delay ${Math.max(0, Math.round(cfg.restartSec))}`,
    `--respawn-max ${cfg.startLimit.burst}`,
    `--respawn-period ${Math.max(1, Math.round(cfg.startLimit.intervalSec))}`,
    `--retry ${stopSchedule(cfg)}`,
    `--stdout ${log}`,
    `--stderr ${log}`,
    executable,
    `-- ${args}`
  ];
  return opts.join(" \\\n    ");
}
function renderOpenrcScript(cfg) {
  const supervised = cfg.restart !== "no";
  const deps = cfg.dependencies.map((d) => commentText(d, "dependencies"));
  const lines = [
    "#!/sbin/openrc-run",
    `# Written by servicekit; reinstall rather than edit (servicekit uninstall ${cfg.name}).`,
    markLine(cfg.name),
    NL_DEFINITION,
    `name=${shellQuote(cfg.displayName, "displayName")}`,
    `description=${shellQuote(cfg.description, "description")}`,
    `pidfile=${shellQuote(daemonFiles(cfg).pidFile, "pidFile")}`,
    ...supervised ? ["supervisor=supervise-daemon", `retry='${stopSchedule(cfg)}'`] : [],
    ...cfg.reloadSignal === void 0 ? [] : ['extra_started_commands="reload"'],
    "",
    "depend() {",
    ...deps.length ? [`  need ${deps.join(" ")}`] : [],
    "  use logger",
    "}",
    "",
    "start_pre() {",
    ...prepareLogFile(cfg).map((l) => `  ${l} || return 1`),
    "}",
    "",
    "start() {",
    '  ebegin "Starting ${RC_SVCNAME}"'
  ];
  const daemon = supervised ? supervisedStart(cfg) : ssdStart(cfg, speaksNotify(cfg));
  lines.push("  (", ...startPrelude(cfg).map((l) => `    ${l}`), `    exec ${daemon.replace(/\n/g, "\n  ")}`, "  )");
  lines.push('  eend $? "failed to start ${RC_SVCNAME}"', "}", "");
  if (cfg.reloadSignal !== void 0) {
    const signal = cfg.reloadSignal.replace(/^SIG/, "");
    const send = supervised ? `supervise-daemon "$RC_SVCNAME" --signal ${signal} --pidfile ${shellQuote(daemonFiles(cfg).pidFile, "pidFile")}` : ssdSignal(cfg, cfg.reloadSignal);
    lines.push("reload() {", '  ebegin "Reloading ${RC_SVCNAME}"', `  ${send}`, '  eend $? "failed to reload ${RC_SVCNAME}"', "}", "");
  }
  if (!supervised) {
    lines.push("stop() {", '  ebegin "Stopping ${RC_SVCNAME}"', `  ${ssdStop(cfg)}`, '  eend $? "failed to stop ${RC_SVCNAME}"', "}", "", "# OpenRC status codes: 0 started, 3 stopped, 32 crashed.", "status() {", `  ${ssdStatus(cfg)}`, "  case $? in", '    0) einfo "status: started"; return 0 ;;', '    1) eerror "status: crashed"; return 32 ;;', '    *) einfo "status: stopped"; return 3 ;;', "  esac", "}", "");
  }
  return lines.join("\n");
}
function renderOpenrcFiles(cfg) {
  const t = cfg.templates.openrc;
  const content = t === void 0 ? renderOpenrcScript(cfg) : applyTemplate("templates.openrc", t, scriptVars(cfg), cfg, [markLine(cfg.name), NL_DEFINITION]);
  return [{ path: initScriptPath(cfg.name), content, mode: definitionMode(cfg, 493) }];
}
var init_render3 = __esm({
  "build/lib/platforms/openrc/render.js"() {
    "use strict";
    init_errors();
    init_ownership();
    init_initscript();
    init_template();
    init_env_file();
    init_sd_notify();
    init_shell();
  }
});

// build/lib/platforms/openrc/manager.js
var manager_exports3 = {};
__export(manager_exports3, {
  OpenrcManager: () => OpenrcManager,
  openrcState: () => openrcState
});
function openrcState(code2) {
  switch (code2) {
    case 0:
      return "running";
    case 3:
    case 16:
      return "stopped";
    case 4:
      return "stopping";
    case 8:
      return "starting";
    case 32:
    case 64:
      return "failed";
    default:
      return "unknown";
  }
}
var import_promises3, OPTIONS_DIR, ORPHAN_POLL_MS, FAILED_DIR, OpenrcManager;
var init_manager3 = __esm({
  "build/lib/platforms/openrc/manager.js"() {
    "use strict";
    import_promises3 = require("node:timers/promises");
    init_unsupported3();
    init_initscript();
    init_script_manager();
    init_render3();
    OPTIONS_DIR = "/run/openrc/options";
    ORPHAN_POLL_MS = 100;
    FAILED_DIR = "/run/openrc/failed";
    OpenrcManager = class extends InitScriptManager {
      platform = "linux-openrc";
      unsupported = unsupported3;
      renderFiles(cfg) {
        return renderOpenrcFiles(cfg);
      }
      async enable(cfg, step) {
        if (!cfg.enabled)
          return false;
        await step("rc-update add", async () => void await this.exec("rc-update", ["add", cfg.name, "default"]), async () => void await this.exec("rc-update", ["del", cfg.name, "default"], true));
        return false;
      }
      async disable(cfg) {
        await this.exec("rc-update", ["del", cfg.name, "default"], true);
      }
      async setBoot(cfg, on) {
        if (on)
          await this.exec("rc-update", ["add", cfg.name, "default"]);
        else
          await this.disable(cfg);
      }
      /** Enabled: in the default runlevel (rc-update's link). */
      async isEnabled(cfg) {
        return await this.host.lstat(`/etc/runlevels/default/${cfg.name}`) !== void 0;
      }
      async control(cfg, verb) {
        if (verb === "stop") {
          const r = await this.exec("rc-service", [cfg.name, "stop"], true);
          if (r.code !== 0)
            return this.exec("rc-service", [cfg.name, "zap"], true);
          return r;
        }
        if (verb === "restart" || verb === "start") {
          const st = await this.exec("rc-service", [cfg.name, "status"], true);
          if (st.code !== 0) {
            await this.exec("rc-service", [cfg.name, "zap"], true);
            return this.exec("rc-service", [cfg.name, "start"], true);
          }
        }
        return this.exec("rc-service", [cfg.name, verb], true);
      }
      stateOf(r) {
        return openrcState(r.code);
      }
      /** The program supervise-daemon started, as it recorded it: its PID and command line (argv joined by NUL). */
      async child(cfg) {
        const dir = `${OPTIONS_DIR}/${cfg.name}`;
        const read = (f) => this.host.readFile(`${dir}/${f}`).then((t) => t.trim(), () => void 0);
        const pid = Number(await read("child_pid"));
        const argc = Number(await read("argc"));
        if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(argc))
          return void 0;
        const argv = [];
        for (let i = 0; i < argc; i++)
          argv.push(await read(`argv_${i}`) ?? "");
        return { pid, cmdline: argv.join("\0") };
      }
      /**
       * Stop through OpenRC; then, if the program supervise-daemon had started is still there (its
       * supervisor was killed, so OpenRC could not stop it), end it too: TERM, then KILL after the
       * grace period. It is recognised by its PID and its command line, as recorded at its start.
       */
      async stopService(cfg) {
        const child = await this.child(cfg);
        await super.stopService(cfg);
        if (child === void 0)
          return;
        const isChild = async () => (await this.host.readFile(`/proc/${child.pid}/cmdline`).catch(() => "")).replace(/\0$/, "") === child.cmdline;
        if (!await isChild())
          return;
        await this.exec("kill", ["-TERM", String(child.pid)], true);
        const end = Date.now() + stopGraceSec(cfg) * 1e3;
        while (await isChild() && Date.now() < end)
          await (0, import_promises3.setTimeout)(ORPHAN_POLL_MS);
        if (await isChild())
          await this.exec("kill", ["-KILL", String(child.pid)], true);
      }
      /** supervise-daemon counts the program's respawns (start_count, from 0) in the service's options. */
      async restarts(cfg) {
        const text = (await this.host.readFile(`${OPTIONS_DIR}/${cfg.name}/start_count`).catch(() => "")).trim();
        const n = Number(text);
        return text !== "" && Number.isInteger(n) && n >= 0 ? n : void 0;
      }
      /**
       * A supervise-daemon launched by the start (from stopped) or the restart counts from 0 (seen on
       * OpenRC 0.45: start_count is 0 after each launch, 1 after the first respawn); a start of a running
       * service launches none and keeps its count. Known before the command, a respawn that comes before
       * the first reading (a loaded machine, a program dying at once) is still seen.
       */
      async restartBaseline(cfg, verb) {
        if (cfg.restart === "no")
          return void 0;
        if (verb === "restart")
          return 0;
        return await this.restarts(cfg) ?? 0;
      }
      /** After supervise-daemon gave up respawning, OpenRC reports "stopped" and lists the service as failed. */
      async refine(cfg, state) {
        return state === "stopped" && await this.host.exists(`${FAILED_DIR}/${cfg.name}`) ? "failed" : state;
      }
      /**
       * The program's PID: supervise-daemon's PID file holds its own, the program's is its child_pid
       * (a signal sent to the supervisor's PID would not reach the program).
       */
      async pidFrom(r, cfg) {
        return (await this.child(cfg))?.pid ?? super.pidFrom(r, cfg);
      }
    };
  }
});

// build/lib/platforms/openrc/index.js
var openrc;
var init_openrc = __esm({
  "build/lib/platforms/openrc/index.js"() {
    "use strict";
    init_probe();
    init_sd_notify();
    init_syslog();
    openrc = {
      id: "linux-openrc",
      paths: "posix",
      onOs: (os5) => os5 === "linux",
      running: (probe) => onPath(probe, "openrc-init") || onPath(probe, "openrc") && /openrc/.test(probe.read("/etc/inittab") ?? "") || probe.exists("/run/openrc/softlevel"),
      // /proc/PID/comm is cut to 15 characters: supervise-daemon reads "supervise-daemo". Unsupervised
      // daemons (restart "no") are started by start-stop-daemon and re-parented to PID 1.
      startedThisProcess: (probe) => probe.ppid === 1 || Boolean(parentComm(probe)?.startsWith("supervise-daemo")),
      manager: async (host) => new (await Promise.resolve().then(() => (init_manager3(), manager_exports3))).OpenrcManager(host),
      systemLogger: syslogLogger,
      notifier: (env) => sdNotifier(env)
    };
  }
});

// build/lib/platforms/sysv/unsupported.js
var unsupported4;
var init_unsupported4 = __esm({
  "build/lib/platforms/sysv/unsupported.js"() {
    "use strict";
    init_support();
    unsupported4 = {
      ...NOT_SMF,
      ...otherTemplates("sysv"),
      ...NOT_LAUNCHD,
      ...NOT_WINDOWS,
      ...NO_CGROUP_LIMITS,
      "userService=true": "no per-user services (they need systemd or launchd)",
      "restart=always": "SysV init has no supervisor: a service that exits stays down (use 'no')",
      "restart=on-failure": "SysV init has no supervisor: a service that exits stays down (use 'no')",
      restartSec: "SysV init has no supervisor to restart the service",
      successExitStatus: "SysV init has no supervisor to tell exit codes apart",
      pidFile: "start-stop-daemon writes the PID file itself",
      "logOutput=false": "there is no journal: the output always goes to LOGDIR/NAME.log",
      "systemd.watchdogSec": "SysV init has no watchdog",
      "systemd.startLimitIntervalSec": "SysV init has no supervisor to restart the service",
      "systemd.startLimitBurst": "SysV init has no supervisor to restart the service",
      "restart=on-success": "SysV init has no supervisor: use no",
      "restart=on-abnormal": "SysV init has no supervisor: use no",
      "restart=on-abort": "SysV init has no supervisor: use no",
      "restart=on-watchdog": "SysV init has no supervisor: use no",
      unitDependencies: `dependencies given as systemd unit lines ("After=\u2026") are systemd's; give plain service names`
    };
  }
});

// build/lib/platforms/sysv/render.js
function renderSysvScript(cfg) {
  const deps = cfg.dependencies.map((d) => commentText(d, "dependencies")).join(" ");
  const name = shellQuote(cfg.name, "name");
  return [
    "#!/bin/sh",
    "### BEGIN INIT INFO",
    `# Provides:          ${cfg.name}`,
    `# Required-Start:    $remote_fs${deps ? ` ${deps}` : ""}`,
    `# Required-Stop:     $remote_fs${deps ? ` ${deps}` : ""}`,
    "# Should-Start:      $syslog $network",
    "# Should-Stop:       $syslog $network",
    "# Default-Start:     2 3 4 5",
    "# Default-Stop:      0 1 6",
    `# Short-Description: ${commentText(cfg.displayName, "displayName")}`,
    `# Description:       ${commentText(cfg.description, "description")}`,
    "### END INIT INFO",
    `# Written by servicekit; reinstall rather than edit (servicekit uninstall ${cfg.name}).`,
    markLine(cfg.name),
    "",
    NL_DEFINITION,
    `NAME=${name}`,
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "",
    "# The service's limits and environment are set in a subshell, so that they change nothing else in this script.",
    "do_start() {",
    ...prepareLogFile(cfg).map((l) => `  ${l} || return 1`),
    "  (",
    ...startPrelude(cfg).map((l) => `    ${l}`),
    `    exec ${ssdStart(cfg, speaksNotify(cfg)).replace(/\n/g, "\n  ")}`,
    "  )",
    "}",
    "",
    "do_stop() {",
    `  ${ssdStop(cfg)}`,
    "}",
    "",
    "do_status() {",
    `  ${ssdStatus(cfg)}`,
    "  rc=$?",
    "  case $rc in",
    '    0) echo "$NAME is running" ;;',
    '    1) echo "$NAME is not running, but its PID file exists" ;;',
    '    3) echo "$NAME is not running" ;;',
    '    *) echo "$NAME: status unknown" ;;',
    "  esac",
    "  return $rc",
    "}",
    "",
    'case "$1" in',
    "  start)",
    '    do_status > /dev/null && { echo "$NAME is already running"; exit 0; }',
    '    echo "Starting $NAME"',
    "    do_start",
    "    ;;",
    "  stop)",
    '    echo "Stopping $NAME"',
    "    do_stop",
    "    ;;",
    ...cfg.reloadSignal === void 0 ? [] : ["  reload)", '    echo "Reloading $NAME"', `    ${ssdSignal(cfg, cfg.reloadSignal)}`, "    ;;"],
    "  restart|force-reload)",
    "    do_stop || exit 1",
    "    do_start",
    "    ;;",
    "  status)",
    "    do_status",
    "    ;;",
    "  *)",
    '    echo "Usage: $0 {start|stop|restart|force-reload|status}" >&2',
    "    exit 3",
    "    ;;",
    "esac",
    ""
  ].join("\n");
}
function renderSysvFiles(cfg) {
  const t = cfg.templates.sysv;
  const content = t === void 0 ? renderSysvScript(cfg) : applyTemplate("templates.sysv", t, scriptVars(cfg), cfg, [markLine(cfg.name), NL_DEFINITION]);
  return [{ path: initScriptPath(cfg.name), content, mode: definitionMode(cfg, 493) }];
}
var init_render4 = __esm({
  "build/lib/platforms/sysv/render.js"() {
    "use strict";
    init_ownership();
    init_initscript();
    init_template();
    init_env_file();
    init_sd_notify();
    init_shell();
  }
});

// build/lib/platforms/sysv/manager.js
var manager_exports4 = {};
__export(manager_exports4, {
  SysvManager: () => SysvManager,
  rcLinks: () => rcLinks,
  sysvState: () => sysvState
});
function rcLinks(name) {
  return [
    ...START_LEVELS.map((l) => ({ link: `/etc/rc${l}.d/S20${name}`, target: `../init.d/${name}` })),
    ...STOP_LEVELS.map((l) => ({ link: `/etc/rc${l}.d/K20${name}`, target: `../init.d/${name}` }))
  ];
}
function sysvState(code2) {
  switch (code2) {
    case 0:
      return "running";
    case 1:
    case 2:
      return "failed";
    case 3:
      return "stopped";
    default:
      return "unknown";
  }
}
var UPDATE_RC_D, START_LEVELS, STOP_LEVELS, SysvManager;
var init_manager4 = __esm({
  "build/lib/platforms/sysv/manager.js"() {
    "use strict";
    init_unsupported4();
    init_initscript();
    init_script_manager();
    init_render4();
    UPDATE_RC_D = "/usr/sbin/update-rc.d";
    START_LEVELS = ["2", "3", "4", "5"];
    STOP_LEVELS = ["0", "1", "6"];
    SysvManager = class extends InitScriptManager {
      platform = "unix-systemv";
      unsupported = unsupported4;
      renderFiles(cfg) {
        return renderSysvFiles(cfg);
      }
      async enable(cfg, step) {
        if (!cfg.enabled)
          return false;
        if (await this.host.exists(UPDATE_RC_D)) {
          await step("update-rc.d defaults", async () => void await this.exec(UPDATE_RC_D, [cfg.name, "defaults"]), async () => void await this.exec(UPDATE_RC_D, ["-f", cfg.name, "remove"], true));
          return false;
        }
        for (const { link, target } of rcLinks(cfg.name)) {
          await step(`link ${link}`, async () => {
            await this.exec("ln", ["-s", target, link]);
            return () => this.host.remove(link);
          });
        }
        return false;
      }
      async setBoot(cfg, on) {
        if (!on)
          return this.disable(cfg);
        if (await this.host.exists(UPDATE_RC_D)) {
          await this.exec(UPDATE_RC_D, [cfg.name, "defaults"]);
          return;
        }
        for (const { link, target } of rcLinks(cfg.name))
          if (await this.host.lstat(link) === void 0)
            await this.exec("ln", ["-s", target, link]);
      }
      /** Enabled: a start link in runlevel 2 (update-rc.d's or ours). */
      async isEnabled(cfg) {
        return (await this.host.readdir("/etc/rc2.d")).some((f) => new RegExp(`^S\\d\\d${cfg.name.replace(/[.]/g, "\\.")}$`).test(f));
      }
      async disable(cfg) {
        if (await this.host.exists(UPDATE_RC_D)) {
          await this.exec(UPDATE_RC_D, ["-f", cfg.name, "remove"]);
          return;
        }
        for (const { link } of rcLinks(cfg.name))
          await this.host.remove(link);
      }
      control(cfg, verb) {
        return this.exec(initScriptPath(cfg.name), [verb], true);
      }
      stateOf(r) {
        return sysvState(r.code);
      }
    };
  }
});

// build/lib/platforms/sysv/index.js
var sysv;
var init_sysv = __esm({
  "build/lib/platforms/sysv/index.js"() {
    "use strict";
    init_sd_notify();
    init_syslog();
    sysv = {
      id: "unix-systemv",
      paths: "posix",
      onOs: (os5) => os5 !== "darwin" && os5 !== "win32",
      running: (probe) => probe.exists("/etc/init.d"),
      // start-stop-daemon --background detaches the daemon: its parent is PID 1.
      startedThisProcess: (probe) => probe.ppid === 1,
      manager: async (host) => new (await Promise.resolve().then(() => (init_manager4(), manager_exports4))).SysvManager(host),
      systemLogger: syslogLogger,
      // start-stop-daemon --notify-await sets NOTIFY_SOCKET and waits for READY=1.
      notifier: (env) => sdNotifier(env)
    };
  }
});

// build/lib/platforms/launchd/unsupported.js
var unsupported5;
var init_unsupported5 = __esm({
  "build/lib/platforms/launchd/unsupported.js"() {
    "use strict";
    init_support();
    unsupported5 = {
      ...NOT_SMF,
      ...otherTemplates("launchd"),
      ...NOT_WINDOWS,
      ...NO_CGROUP_LIMITS,
      dependencies: "launchd has no dependencies between jobs",
      linger: "a LaunchAgent lives in its user's login session; for a job without a login, install a daemon with userName",
      pidFile: "launchd tracks the process itself",
      successExitStatus: "KeepAlive { SuccessfulExit } knows exit 0 only",
      reloadSignal: "launchd has no reload command",
      "logOutput=false": "launchd writes the output to files (StandardOutPath), there is no journal",
      "systemd.type": "launchd has no readiness protocol",
      "systemd.watchdogSec": "launchd has no watchdog",
      "systemd.startLimitIntervalSec": "launchd throttles restarts with ThrottleInterval (restartSec) only",
      "systemd.startLimitBurst": "launchd throttles restarts with ThrottleInterval (restartSec) only",
      killSignal: "launchd stops a job with SIGTERM, then SIGKILL after ExitTimeOut",
      "restart=on-abnormal": "KeepAlive knows clean and unclean exits only: use always, on-failure or no",
      "restart=on-abort": "KeepAlive knows clean and unclean exits only: use always, on-failure or no",
      "restart=on-watchdog": "KeepAlive knows clean and unclean exits only: use always, on-failure or no",
      "enabled=false": "a disabled launchd job cannot be loaded or started: install it, then disable it",
      unitDependencies: `dependencies given as systemd unit lines ("After=\u2026") are systemd's; give plain service names`
    };
  }
});

// build/lib/platforms/launchd/parse.js
function parsePrint(text) {
  const out = {};
  let depth = 0;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.endsWith("{")) {
      depth += 1;
      continue;
    }
    if (line === "}") {
      depth -= 1;
      continue;
    }
    if (depth !== 1)
      continue;
    const m = /^([^=]+?) = (.*)$/.exec(line);
    if (m)
      out[m[1]] = m[2];
  }
  return out;
}
function stateFromPrint(p) {
  const pid = Number(p["pid"]);
  const hasPid = Number.isInteger(pid) && pid > 0;
  const st = p["state"];
  if (st === "running")
    return hasPid ? { state: "running", pid } : { state: "running" };
  if (st === "spawn scheduled" || st === "xpcproxy")
    return { state: "starting" };
  const code2 = p["last exit code"];
  if (code2 !== void 0 && code2 !== "0" && !code2.startsWith("(never"))
    return { state: "failed" };
  return { state: "stopped" };
}
var LAUNCHCTL_NOT_FOUND;
var init_parse3 = __esm({
  "build/lib/platforms/launchd/parse.js"() {
    "use strict";
    LAUNCHCTL_NOT_FOUND = 113;
  }
});

// build/lib/platforms/launchd/render.js
function plistDirectory(cfg, home) {
  return cfg.userService ? import_node_path15.default.join(home, "Library", "LaunchAgents") : DAEMON_DIR;
}
function plistPath(cfg, home) {
  return import_node_path15.default.join(plistDirectory(cfg, home), `${cfg.name}.plist`);
}
function plistString(s, field) {
  if (/[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f\ufffe\uffff]/.test(s)) {
    throw new InvalidConfigError(field, "holds a control character that a property list cannot represent exactly");
  }
  return s;
}
function keepAlive(restart) {
  if (restart === "always")
    return true;
  if (restart === "on-failure")
    return { SuccessfulExit: false };
  if (restart === "on-success")
    return { SuccessfulExit: true };
  return false;
}
function resourceLimits(l) {
  const out = {};
  for (const [key, field, n] of [["NumberOfFiles", "openFiles", l.openFiles], ["NumberOfProcesses", "processes", l.processes]]) {
    if (n === "infinity")
      throw new InvalidConfigError(`limits.${field}`, 'launchd takes a number here, not "infinity"');
    if (n !== void 0)
      out[key] = n;
  }
  return Object.keys(out).length ? out : void 0;
}
function launchdJob(cfg) {
  if (cfg.userService && cfg.userName !== void 0) {
    throw new InvalidConfigError("userName", "a LaunchAgent runs as the user who installs it; userName is for daemons");
  }
  const logs = logFiles(cfg);
  const job = {
    Label: cfg.name,
    ProgramArguments: [plistString(cfg.executable, "executable"), ...cfg.arguments.map((a, i) => plistString(a, `arguments[${i}]`))],
    WorkingDirectory: plistString(cfg.workingDirectory, "workingDirectory"),
    RunAtLoad: cfg.launchd.runAtLoad,
    KeepAlive: cfg.launchd.keepAlive ?? keepAlive(cfg.restart),
    ThrottleInterval: Math.max(1, Math.round(cfg.restartSec)),
    ExitTimeOut: stopGraceSec(cfg),
    StandardOutPath: plistString(logs.out, "logDirectory"),
    StandardErrorPath: plistString(logs.err, "logDirectory")
  };
  const env = serviceEnv(cfg);
  if (Object.keys(env).length) {
    job["EnvironmentVariables"] = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, plistString(v, `env.${k}`)]));
  }
  if (cfg.userName !== void 0)
    job["UserName"] = cfg.userName;
  if (cfg.groupName !== void 0)
    job["GroupName"] = cfg.groupName;
  const limits = resourceLimits(cfg.limits);
  if (limits !== void 0) {
    job["SoftResourceLimits"] = limits;
    job["HardResourceLimits"] = limits;
  }
  if (cfg.chroot !== void 0)
    job["RootDirectory"] = plistString(cfg.chroot, "chroot");
  if (cfg.launchd.sessionCreate)
    job["SessionCreate"] = true;
  return job;
}
function buildPlist(v) {
  if (!plistBuild) {
    const file = (0, import_node_url.fileURLToPath)(import_meta.resolve("plist"));
    plistBuild = (0, import_node_module.createRequire)(__importMetaUrl)(file).build;
  }
  return plistBuild(v);
}
function markedPlist(name, job) {
  return buildPlist(job).replace(/(<!DOCTYPE[^>]*>\n)/, `$1${xmlMark(name)}
`) + "\n";
}
function renderPlist(cfg) {
  return markedPlist(cfg.name, launchdJob(cfg));
}
function xml(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function plistVars(cfg) {
  const job = launchdJob(cfg);
  const strings = (xs) => xs.map((x) => `<string>${xml(x)}</string>`).join("\n");
  const env = job["EnvironmentVariables"] ?? {};
  const bool = (b) => b ? "<true/>" : "<false/>";
  const keep = job["KeepAlive"];
  return {
    Label: xml(cfg.name),
    Mark: xmlMark(cfg.name),
    ProgramArguments: strings(job["ProgramArguments"]),
    WorkingDirectory: xml(job["WorkingDirectory"]),
    StandardOutPath: xml(job["StandardOutPath"]),
    StandardErrorPath: xml(job["StandardErrorPath"]),
    EnvironmentVariables: Object.entries(env).map(([k, v]) => `<key>${xml(k)}</key>
<string>${xml(v)}</string>`).join("\n"),
    UserName: cfg.userName === void 0 ? "" : xml(cfg.userName),
    RunAtLoad: bool(cfg.launchd.runAtLoad),
    KeepAlive: typeof keep === "boolean" ? bool(keep) : `<dict>
<key>SuccessfulExit</key>
${bool(Boolean(keep.SuccessfulExit))}
</dict>`
  };
}
function renderLaunchdFiles(cfg, home) {
  const t = cfg.templates.launchd;
  const content = t === void 0 ? renderPlist(cfg) : applyTemplate("templates.launchd", t, plistVars(cfg), cfg, [xmlMark(cfg.name)]);
  return [{ path: plistPath(cfg, home), content, mode: definitionMode(cfg, 420) }];
}
var import_node_path15, import_node_module, import_node_url, import_meta, DAEMON_DIR, plistBuild;
var init_render5 = __esm({
  "build/lib/platforms/launchd/render.js"() {
    "use strict";
    import_node_path15 = __toESM(require("node:path"), 1);
    import_node_module = require("node:module");
    import_node_url = require("node:url");
    init_errors();
    init_ownership();
    init_initscript();
    init_env_file();
    init_log_files();
    init_template();
    import_meta = {};
    DAEMON_DIR = "/Library/LaunchDaemons";
  }
});

// build/lib/platforms/launchd/rotation.js
function rotationLabel(name) {
  return `${ROTATION_PREFIX2}${name}`;
}
function rotationPlistPath(cfg, home) {
  return import_node_path16.default.join(plistDirectory(cfg, home), `${rotationLabel(cfg.name)}.plist`);
}
function rotationJob(cfg) {
  const { out, err } = logFiles(cfg);
  return {
    Label: rotationLabel(cfg.name),
    ProgramArguments: ["/bin/sh", "-c", ROTATE_SCRIPT, "servicekit-logrotate", String(ROTATE_KEEP), String(ROTATE_SIZE_MIB * BLOCKS_PER_MIB), out, err],
    StartInterval: ROTATION_INTERVAL_SEC,
    ProcessType: "Background",
    LowPriorityIO: true
  };
}
function renderRotationJob(cfg, home) {
  return { path: rotationPlistPath(cfg, home), content: markedPlist(cfg.name, rotationJob(cfg)), mode: 420 };
}
var import_node_path16, ROTATION_PREFIX2, ROTATION_INTERVAL_SEC, BLOCKS_PER_MIB, ROTATE_SCRIPT;
var init_rotation2 = __esm({
  "build/lib/platforms/launchd/rotation.js"() {
    "use strict";
    import_node_path16 = __toESM(require("node:path"), 1);
    init_log_files();
    init_logrotate();
    init_render5();
    ROTATION_PREFIX2 = "servicekit-logrotate@";
    ROTATION_INTERVAL_SEC = 3600;
    BLOCKS_PER_MIB = 2048;
    ROTATE_SCRIPT = [
      "keep=$1; blocks=$2; shift 2",
      'for f in "$@"; do',
      '  [ -f "$f" ] && [ ! -h "$f" ] || continue',
      '  [ -n "$(find "$f" -prune -size +"$blocks")" ] || continue',
      "  i=$keep",
      '  while [ "$i" -gt 1 ]; do',
      "    j=$((i - 1))",
      '    if [ -f "$f.$j.gz" ]; then mv -f "$f.$j.gz" "$f.$i.gz"; fi',
      "    i=$j",
      "  done",
      '  cp -p "$f" "$f.1" && : > "$f" && gzip -f "$f.1"',
      "done"
    ].join("\n");
  }
});

// build/lib/platforms/launchd/manager.js
var manager_exports5 = {};
__export(manager_exports5, {
  LaunchdManager: () => LaunchdManager
});
var import_node_os4, import_node_path17, LAUNCHCTL, LaunchdManager;
var init_manager5 = __esm({
  "build/lib/platforms/launchd/manager.js"() {
    "use strict";
    import_node_os4 = __toESM(require("node:os"), 1);
    import_node_path17 = __toESM(require("node:path"), 1);
    init_unsupported5();
    init_errors();
    init_sea();
    init_exec();
    init_host();
    init_ownership();
    init_install();
    init_platform();
    init_log_files();
    init_parse3();
    init_render5();
    init_rotation2();
    LAUNCHCTL = "/bin/launchctl";
    LaunchdManager = class extends FileManager {
      env;
      platform = "darwin-launchd";
      unsupported = unsupported5;
      suffix = ".plist";
      scopes = ["system", "user"];
      legacy;
      constructor(host = realHost, env = process.env, opts = {}) {
        super(host, opts);
        this.env = env;
      }
      home() {
        return this.env["HOME"] || import_node_os4.default.homedir();
      }
      renderFiles(cfg) {
        if (isSea())
          throw new UnsupportedError("launchd property lists need the plist package, which a single executable application cannot load");
        return renderLaunchdFiles(cfg, this.home());
      }
      filePaths(cfg) {
        return [plistPath(cfg, this.home())];
      }
      userHome() {
        return this.home();
      }
      mark(cfg) {
        return xmlMark(cfg.name);
      }
      domain(cfg) {
        return cfg.userService ? `gui/${this.host.euid() ?? 0}` : "system";
      }
      target(cfg, job = this.mainJob(cfg)) {
        return `${this.domain(cfg)}/${job.label}`;
      }
      /** The service's job. */
      mainJob(cfg) {
        return { label: cfg.name, file: plistPath(cfg, this.home()) };
      }
      /** The job that rotates the service's log files (rotation.ts). */
      rotationJob(cfg) {
        return { label: rotationLabel(cfg.name), file: rotationPlistPath(cfg, this.home()) };
      }
      launchctl(args, allowFail = false) {
        return this.host.exec(LAUNCHCTL, args, { allowFail });
      }
      /** macOS older than 10.10 (no bootstrap/bootout): fall back to load/unload. */
      async isLegacy() {
        if (this.legacy === void 0) {
          const r = await this.host.exec("/usr/bin/sw_vers", ["-productVersion"], { allowFail: true });
          const [major = 0, minor = 0] = r.stdout.trim().split(".").map(Number);
          this.legacy = r.code === 0 && major === 10 && minor < 10;
        }
        return this.legacy;
      }
      async loaded(cfg, job = this.mainJob(cfg)) {
        if (await this.isLegacy()) {
          const r2 = await this.launchctl(["list", job.label], true);
          return { loaded: r2.code === 0, print: {} };
        }
        const target = this.target(cfg, job);
        const r = await this.launchctl(["print", target], true);
        if (r.code === LAUNCHCTL_NOT_FOUND)
          return { loaded: false, print: {} };
        if (r.code !== 0)
          throw new CommandFailedError(LAUNCHCTL, ["print", target], r.code, r.stderr);
        return { loaded: true, print: parsePrint(r.stdout) };
      }
      async bootstrap(cfg, job = this.mainJob(cfg)) {
        if (await this.isLegacy())
          await this.launchctl(["load", "-w", job.file]);
        else
          await this.launchctl(["bootstrap", this.domain(cfg), job.file]);
      }
      /** Unload (which stops it: SIGTERM, then SIGKILL after ExitTimeOut), if loaded. */
      async bootout(cfg, job = this.mainJob(cfg)) {
        if (!(await this.loaded(cfg, job)).loaded)
          return;
        if (await this.isLegacy())
          await this.launchctl(["unload", "-w", job.file]);
        else
          await this.launchctl(["bootout", this.target(cfg, job)]);
      }
      async assertUnknown(cfg) {
        if ((await this.loaded(cfg)).loaded)
          throw new AlreadyInstalledError(cfg.name, `a job labelled ${cfg.name} is already loaded`);
      }
      outputFiles(cfg) {
        const { out, err } = logFiles(cfg);
        return [out, err];
      }
      /** No logrotate, and newsyslog cannot rotate a file launchd holds open: a job of servicekit's does (rotation.ts). */
      rotationFiles(cfg) {
        return [renderRotationJob(cfg, this.home())];
      }
      rotationPaths(cfg) {
        return [this.rotationJob(cfg).file];
      }
      /** Every plist carries the mark as an XML comment (the stored configuration as a line). */
      markFor(cfg, file) {
        return file.endsWith(this.suffix) ? xmlMark(cfg.name) : markText(cfg.name);
      }
      fileDirectories(cfg) {
        return this.filePaths(cfg).map((f) => import_node_path17.default.dirname(f));
      }
      logDirectories(cfg) {
        return [cfg.logDirectory];
      }
      async enable(cfg, step) {
        if (!await this.isLegacy()) {
          await step("enable", async () => {
            await this.launchctl(["enable", this.target(cfg)]);
            return async () => void await this.launchctl(["disable", this.target(cfg)], true);
          });
        }
        await step("bootstrap", async () => {
          await this.bootstrap(cfg);
          return () => this.bootout(cfg);
        });
        const rotation = this.rotationJob(cfg);
        await step("load the log rotation job", async () => {
          await this.bootstrap(cfg, rotation);
          return () => this.bootout(cfg, rotation);
        });
        return false;
      }
      /** An update may have changed where the logs go: the rotation job is loaded again (the service's own plist is read at its restart). */
      async reloadDefinitions(cfg) {
        const rotation = this.rotationJob(cfg);
        await this.bootout(cfg, rotation);
        if (await this.host.exists(rotation.file))
          await this.bootstrap(cfg, rotation);
      }
      /** launchctl enable/disable: whether launchd loads the job at boot (or login); it stays loaded meanwhile. */
      async setBoot(cfg, on) {
        if (await this.isLegacy())
          throw new UnsupportedError("enabling or disabling needs launchctl enable/disable (macOS 10.10 or later)");
        await this.launchctl([on ? "enable" : "disable", this.target(cfg)]);
      }
      async deactivate(cfg) {
        await this.bootout(cfg);
        await this.bootout(cfg, this.rotationJob(cfg));
      }
      /** Stopping a KeepAlive job means unloading it (launchd would start it again otherwise). */
      async stopService(cfg) {
        await this.bootout(cfg);
      }
      /**
       * launchd reads a plist when it loads the job, so a restart unloads and loads it again (an update's
       * restart, or the first restart after `update --no-restart`, runs the new plist); then kickstart
       * starts it where RunAtLoad did not.
       */
      async startAndVerify(cfg, verb, start) {
        const { loaded } = await this.loaded(cfg);
        if (loaded && verb === "restart")
          await this.bootout(cfg);
        if (!loaded || verb === "restart")
          await this.bootstrap(cfg);
        if (await this.isLegacy())
          await this.launchctl(["start", cfg.name]);
        else
          await this.launchctl(["kickstart", this.target(cfg)]);
        const failure = await this.settle(async () => {
          const st = await this.status(cfg);
          const runs = Number(st.raw["runs"]);
          return { state: st.state, ...Number.isInteger(runs) ? { restarts: runs } : {} };
        }, start?.settleMs);
        if (failure !== void 0)
          throw new StartFailedError(cfg.name, failure, await logTail(this.logs(cfg, { lines: 10 }), 10));
      }
      async status(cfg) {
        const base = { name: cfg.name, platform: this.platform };
        if (!await this.host.exists(plistPath(cfg, this.home())))
          return { ...base, state: "not-installed", raw: {} };
        const { loaded, print } = await this.loaded(cfg);
        if (!loaded)
          return { ...base, state: "stopped", enabled: false, raw: {} };
        const s = stateFromPrint(print);
        return { ...base, ...s, enabled: true, raw: print };
      }
      async *logs(cfg, opts) {
        const { out, err } = logFiles(cfg);
        yield* streamLines("tail", ["-q", "-n", String(opts.lines ?? 50), ...opts.follow ? ["-F"] : [], out, err]);
      }
    };
  }
});

// build/lib/platforms/launchd/index.js
var launchd;
var init_launchd = __esm({
  "build/lib/platforms/launchd/index.js"() {
    "use strict";
    init_probe();
    init_syslog();
    launchd = {
      id: "darwin-launchd",
      paths: "posix",
      onOs: (os5) => os5 === "darwin",
      running: (probe) => probe.platform === "darwin",
      startedThisProcess: (probe) => probe.ppid === 1 || parentComm(probe) === "launchd",
      manager: async (host, env) => new (await Promise.resolve().then(() => (init_manager5(), manager_exports5))).LaunchdManager(host, env),
      systemLogger: syslogLogger,
      notifier: () => void 0
    };
  }
});

// build/lib/platforms/windows/constants.js
var ERROR, SC, REG, EVENTLOG;
var init_constants = __esm({
  "build/lib/platforms/windows/constants.js"() {
    "use strict";
    ERROR = {
      ACCESS_DENIED: 5,
      FILE_NOT_FOUND: 2,
      SERVICE_ALREADY_RUNNING: 1056,
      SERVICE_DOES_NOT_EXIST: 1060,
      SERVICE_CANNOT_ACCEPT_CTRL: 1061,
      SERVICE_NOT_ACTIVE: 1062,
      SERVICE_SPECIFIC_ERROR: 1066,
      SERVICE_EXISTS: 1073,
      SERVICE_MARKED_FOR_DELETE: 1072,
      DUPLICATE_SERVICE_NAME: 1078,
      CALL_NOT_IMPLEMENTED: 120,
      INVALID_LEVEL: 124,
      MORE_DATA: 234
    };
    SC = {
      MANAGER_CONNECT: 1,
      MANAGER_ENUMERATE_SERVICE: 4,
      MANAGER_ALL_ACCESS: 983103,
      SERVICE_ALL_ACCESS: 983551,
      SERVICE_QUERY_CONFIG: 1,
      SERVICE_CHANGE_CONFIG: 2,
      /** ChangeServiceConfigW: leave this value as it is. */
      SERVICE_NO_CHANGE: 4294967295,
      SERVICE_QUERY_STATUS: 4,
      SERVICE_START: 16,
      SERVICE_STOP: 32,
      SERVICE_WIN32_OWN_PROCESS: 16,
      /** Or'ed into the service type: may interact with the desktop (LocalSystem only). */
      SERVICE_INTERACTIVE_PROCESS: 256,
      SERVICE_ERROR_NORMAL: 1,
      /** Start types (CreateServiceW dwStartType, the service key's Start value). */
      AUTO_START: 2,
      DEMAND_START: 3,
      DISABLED: 4,
      /** EnumServicesStatusExW: running services only. */
      STATE_ACTIVE: 1,
      STATE_ALL: 3,
      /** QueryServiceStatusEx / EnumServicesStatusExW info level: SERVICE_STATUS_PROCESS. */
      STATUS_PROCESS_INFO: 0,
      // states
      STOPPED: 1,
      START_PENDING: 2,
      STOP_PENDING: 3,
      RUNNING: 4,
      CONTINUE_PENDING: 5,
      PAUSE_PENDING: 6,
      PAUSED: 7,
      // controls
      CONTROL_STOP: 1,
      CONTROL_INTERROGATE: 4,
      CONTROL_SHUTDOWN: 5,
      ACCEPT_STOP: 1,
      ACCEPT_SHUTDOWN: 4,
      // ChangeServiceConfig2W levels
      CONFIG_DESCRIPTION: 1,
      CONFIG_FAILURE_ACTIONS: 2,
      CONFIG_DELAYED_AUTO_START_INFO: 3,
      CONFIG_FAILURE_ACTIONS_FLAG: 4
    };
    REG = { SZ: 1, EXPAND_SZ: 2, DWORD: 4, MULTI_SZ: 7 };
    EVENTLOG = { ERROR: 1, WARNING: 2, INFORMATION: 4 };
  }
});

// build/lib/platforms/windows/win32.js
function win32() {
  if (api)
    return api;
  const koffi2 = loadKoffi();
  const adv = koffi2.load("advapi32.dll");
  const k32 = koffi2.load("kernel32.dll");
  const status2 = {
    dwServiceType: "uint32_t",
    dwCurrentState: "uint32_t",
    dwControlsAccepted: "uint32_t",
    dwWin32ExitCode: "uint32_t",
    dwServiceSpecificExitCode: "uint32_t",
    dwCheckPoint: "uint32_t",
    dwWaitHint: "uint32_t"
  };
  koffi2.struct("SERVICE_STATUS", status2);
  koffi2.struct("SERVICE_STATUS_PROCESS", { ...status2, dwProcessId: "uint32_t", dwServiceFlags: "uint32_t" });
  koffi2.struct("SERVICE_TABLE_ENTRYW", { name: "const char16_t *", proc: "void *" });
  koffi2.struct("ENUM_SERVICE_STATUS_PROCESSW", {
    lpServiceName: "const char16_t *",
    lpDisplayName: "const char16_t *",
    ServiceStatusProcess: "SERVICE_STATUS_PROCESS"
  });
  koffi2.struct("SERVICE_DESCRIPTIONW", { lpDescription: "const char16_t *" });
  koffi2.struct("SC_ACTION", { Type: "uint32_t", Delay: "uint32_t" });
  koffi2.struct("SERVICE_FAILURE_ACTIONSW", {
    dwResetPeriod: "uint32_t",
    lpRebootMsg: "const char16_t *",
    lpCommand: "const char16_t *",
    cActions: "uint32_t",
    lpsaActions: "SC_ACTION *"
  });
  koffi2.struct("SERVICE_FAILURE_ACTIONS_FLAG", { fFailureActionsOnNonCrashFailures: "int32_t" });
  koffi2.struct("SERVICE_DELAYED_AUTO_START_INFO", { fDelayedAutostart: "int32_t" });
  const ServiceMainProc = koffi2.proto("void __stdcall ServiceMainProc(uint32_t argc, void *argv)");
  const HandlerExProc = koffi2.proto("uint32_t __stdcall HandlerExProc(uint32_t ctrl, uint32_t evtType, void *evtData, void *ctx)");
  api = {
    koffi: koffi2,
    ServiceMainProc,
    HandlerExProc,
    GetLastError: k32.func("uint32_t __stdcall GetLastError()"),
    OpenProcess: k32.func("void * __stdcall OpenProcess(uint32_t access, bool inherit, uint32_t pid)"),
    CloseHandle: k32.func("bool __stdcall CloseHandle(void *h)"),
    QueryFullProcessImageNameW: k32.func("bool __stdcall QueryFullProcessImageNameW(void *h, uint32_t flags, _Out_ uint8_t *name, _Inout_ uint32_t *size)"),
    OpenSCManagerW: adv.func("void * __stdcall OpenSCManagerW(const char16_t *machine, const char16_t *db, uint32_t access)"),
    OpenServiceW: adv.func("void * __stdcall OpenServiceW(void *scm, const char16_t *name, uint32_t access)"),
    CreateServiceW: adv.func("void * __stdcall CreateServiceW(void *scm, const char16_t *name, const char16_t *display, uint32_t access, uint32_t type, uint32_t start, uint32_t errctl, const char16_t *bin, const char16_t *group, void *tag, const uint8_t *deps, const char16_t *user, const char16_t *pw)"),
    ChangeServiceConfig2W: adv.func("bool __stdcall ChangeServiceConfig2W(void *svc, uint32_t level, void *info)"),
    ChangeServiceConfigW: adv.func("bool __stdcall ChangeServiceConfigW(void *svc, uint32_t type, uint32_t start, uint32_t errctl, const char16_t *bin, const char16_t *group, void *tag, const uint8_t *deps, const char16_t *user, const char16_t *pw, const char16_t *display)"),
    StartServiceW: adv.func("bool __stdcall StartServiceW(void *svc, uint32_t argc, void *argv)"),
    ControlService: adv.func("bool __stdcall ControlService(void *svc, uint32_t ctrl, _Out_ SERVICE_STATUS *st)"),
    QueryServiceStatusEx: adv.func("bool __stdcall QueryServiceStatusEx(void *svc, int level, _Out_ SERVICE_STATUS_PROCESS *buf, uint32_t size, _Out_ uint32_t *needed)"),
    QueryServiceConfigW: adv.func("bool __stdcall QueryServiceConfigW(void *svc, _Out_ uint8_t *buf, uint32_t size, _Out_ uint32_t *needed)"),
    DeleteService: adv.func("bool __stdcall DeleteService(void *svc)"),
    EnumServicesStatusExW: adv.func("bool __stdcall EnumServicesStatusExW(void *scm, int level, uint32_t type, uint32_t state, _Out_ uint8_t *buf, uint32_t size, _Out_ uint32_t *needed, _Out_ uint32_t *count, _Inout_ uint32_t *resume, const char16_t *group)"),
    CloseServiceHandle: adv.func("bool __stdcall CloseServiceHandle(void *h)"),
    StartServiceCtrlDispatcherW: adv.func("bool __stdcall StartServiceCtrlDispatcherW(SERVICE_TABLE_ENTRYW *table)"),
    RegisterServiceCtrlHandlerExW: adv.func("void * __stdcall RegisterServiceCtrlHandlerExW(const char16_t *name, HandlerExProc *proc, void *ctx)"),
    SetServiceStatus: adv.func("bool __stdcall SetServiceStatus(void *h, SERVICE_STATUS *st)"),
    RegisterEventSourceW: adv.func("void * __stdcall RegisterEventSourceW(const char16_t *server, const char16_t *source)"),
    ReportEventW: adv.func("bool __stdcall ReportEventW(void *h, uint16_t type, uint16_t cat, uint32_t id, void *sid, uint16_t nstr, uint32_t datasize, const char16_t **strings, void *data)"),
    DeregisterEventSource: adv.func("bool __stdcall DeregisterEventSource(void *h)"),
    RegCreateKeyExW: adv.func("int32_t __stdcall RegCreateKeyExW(uintptr_t key, const char16_t *sub, uint32_t reserved, void *cls, uint32_t options, uint32_t sam, void *sa, _Out_ uintptr_t *result, _Out_ uint32_t *disposition)"),
    RegOpenKeyExW: adv.func("int32_t __stdcall RegOpenKeyExW(uintptr_t key, const char16_t *sub, uint32_t options, uint32_t sam, _Out_ uintptr_t *result)"),
    RegSetValueExW: adv.func("int32_t __stdcall RegSetValueExW(uintptr_t key, const char16_t *name, uint32_t reserved, uint32_t type, const uint8_t *data, uint32_t size)"),
    RegQueryValueExW: adv.func("int32_t __stdcall RegQueryValueExW(uintptr_t key, const char16_t *name, void *reserved, _Out_ uint32_t *type, _Out_ uint8_t *data, _Inout_ uint32_t *size)"),
    RegDeleteKeyW: adv.func("int32_t __stdcall RegDeleteKeyW(uintptr_t key, const char16_t *sub)"),
    RegDeleteTreeW: adv.func("int32_t __stdcall RegDeleteTreeW(uintptr_t key, const char16_t *sub)"),
    RegCloseKey: adv.func("int32_t __stdcall RegCloseKey(uintptr_t key)")
  };
  return api;
}
function lastError() {
  return win32().GetLastError();
}
function parseMultiSz(buf) {
  const s = buf.toString("utf16le");
  const out = [];
  for (const part of s.split("\0")) {
    if (part === "")
      break;
    out.push(part);
  }
  return out;
}
function regCheck(what, status2) {
  if (status2 !== 0)
    throw new Win32Error(what, status2);
}
function regOpenKey(sub) {
  const out = [0];
  const st = win32().RegOpenKeyExW(HKEY_LOCAL_MACHINE, sub, 0, KEY_ALL_ACCESS, out);
  if (st === ERROR.FILE_NOT_FOUND)
    return void 0;
  regCheck(`RegOpenKeyExW(${sub})`, st);
  return Number(out[0]);
}
function regGet(key, name) {
  const w = win32();
  const type = [0];
  const size = [0];
  let st = w.RegQueryValueExW(key, name, null, type, null, size);
  if (st === ERROR.FILE_NOT_FOUND)
    return void 0;
  regCheck(`RegQueryValueExW(${name})`, st);
  const data = Buffer.alloc(size[0] ?? 0);
  st = w.RegQueryValueExW(key, name, null, type, data, size);
  regCheck(`RegQueryValueExW(${name})`, st);
  return { type: type[0] ?? 0, data: data.subarray(0, size[0]) };
}
function using(h, fn) {
  let out;
  try {
    out = fn(h);
  } catch (e) {
    h.close();
    throw e;
  }
  if (out instanceof Promise)
    return out.finally(() => h.close());
  h.close();
  return out;
}
function scHandle(raw) {
  return raw ? new OwnedHandle(raw, (h) => win32().CloseServiceHandle(h)) : void 0;
}
function regHandle(key) {
  return new OwnedHandle(key, (k) => win32().RegCloseKey(k));
}
function regGetValue(sub, name) {
  const key = regOpenKey(sub);
  return key === void 0 ? void 0 : using(regHandle(key), (k) => regGet(k.raw, name));
}
function processImage(pid) {
  const w = win32();
  const raw = w.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, false, pid);
  if (!raw)
    return void 0;
  return using(new OwnedHandle(raw, (h) => w.CloseHandle(h)), (h) => {
    const chars = 1024;
    const buf = Buffer.alloc(2 * chars);
    const size = [chars];
    if (!w.QueryFullProcessImageNameW(h.raw, 0, buf, size))
      return void 0;
    return buf.subarray(0, (size[0] ?? 0) * 2).toString("utf16le");
  });
}
function enumServices(activeOnly) {
  const w = win32();
  const scm = scHandle(w.OpenSCManagerW(null, null, SC.MANAGER_CONNECT | SC.MANAGER_ENUMERATE_SERVICE));
  if (!scm)
    throw new Win32Error("OpenSCManagerW", lastError());
  return using(scm, (h) => {
    let size = 64 * 1024;
    for (let attempt = 0; attempt < 3; attempt++) {
      const buf = Buffer.alloc(size);
      const needed = [0];
      const count = [0];
      const state = activeOnly ? SC.STATE_ACTIVE : SC.STATE_ALL;
      const ok = w.EnumServicesStatusExW(h.raw, SC.STATUS_PROCESS_INFO, SC.SERVICE_WIN32_OWN_PROCESS, state, buf, size, needed, count, [0], null);
      if (!ok && lastError() === ERROR.MORE_DATA) {
        size = (needed[0] ?? 0) + size;
        continue;
      }
      if (!ok)
        throw new Win32Error("EnumServicesStatusExW", lastError());
      const stride = w.koffi.sizeof("ENUM_SERVICE_STATUS_PROCESSW");
      return Array.from({ length: count[0] ?? 0 }, (_, i) => {
        const e = w.koffi.decode(buf, i * stride, "ENUM_SERVICE_STATUS_PROCESSW");
        return { name: e.lpServiceName, status: e.ServiceStatusProcess };
      });
    }
    throw new Win32Error("EnumServicesStatusExW", ERROR.MORE_DATA);
  });
}
function serviceNameOfProcess(pid) {
  return enumServices(true).find((s) => s.status.dwProcessId === pid)?.name;
}
var Win32Error, HKEY_LOCAL_MACHINE, KEY_ALL_ACCESS, PROCESS_QUERY_LIMITED_INFORMATION, api, OwnedHandle;
var init_win32 = __esm({
  "build/lib/platforms/windows/win32.js"() {
    "use strict";
    init_errors();
    init_koffi();
    init_constants();
    init_constants();
    Win32Error = class extends SyscallError {
      get winError() {
        return this.errno;
      }
    };
    HKEY_LOCAL_MACHINE = 2147483650;
    KEY_ALL_ACCESS = 983103;
    PROCESS_QUERY_LIMITED_INFORMATION = 4096;
    OwnedHandle = class {
      closer;
      #raw;
      constructor(raw, closer) {
        this.closer = closer;
        this.#raw = raw;
      }
      get raw() {
        if (!this.#raw)
          throw new Error("handle used after close");
        return this.#raw;
      }
      close() {
        const h = this.#raw;
        this.#raw = null;
        if (h)
          this.closer(h);
      }
    };
  }
});

// build/lib/platforms/windows/env.js
function serviceKey(name) {
  return `SYSTEM\\CurrentControlSet\\Services\\${name}`;
}
function eventSourceKey(name) {
  return `SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\${name}`;
}
function encodeEnvironment(env, workingDirectory) {
  const seen = /* @__PURE__ */ new Map();
  const entries = [];
  for (const [k, v] of Object.entries(env)) {
    const other = seen.get(k.toUpperCase());
    if (other !== void 0) {
      throw new InvalidConfigError(`env.${k}`, `Windows environment names ignore case: ${k} and ${other} would be the same variable`);
    }
    seen.set(k.toUpperCase(), k);
    entries.push(`${k}=${v}`);
  }
  entries.push(`${CWD_VAR}=${workingDirectory}`);
  return entries;
}
function decodeEnvironment(entries) {
  const env = {};
  let workingDirectory;
  for (const e of entries) {
    const i = e.indexOf("=");
    if (i <= 0)
      continue;
    const k = e.slice(0, i);
    const v = e.slice(i + 1);
    if (k === CWD_VAR)
      workingDirectory = v;
    else
      setVariable(env, k, v);
  }
  return workingDirectory === void 0 ? void 0 : { env, workingDirectory };
}
function chdir(dir) {
  try {
    process.chdir(dir);
  } catch {
  }
}
function applyMarker(env) {
  const dir = env[CWD_VAR];
  if (dir === void 0)
    return false;
  delete env[CWD_VAR];
  chdir(dir);
  applied = true;
  return true;
}
function applyFromRegistry(name, env) {
  const value = regGetValue(serviceKey(name), "Environment");
  const decoded = value && decodeEnvironment(parseMultiSz(value.data));
  if (!decoded)
    return;
  for (const [k, v] of Object.entries(decoded.env))
    env[k] = v;
  chdir(decoded.workingDirectory);
  applied = true;
}
function prepareServiceProcess(interactive, env = process.env) {
  if (applied)
    return;
  if (applyMarker(env) || interactive())
    return;
  try {
    const name = serviceNameOfProcess(process.pid);
    if (name !== void 0)
      applyFromRegistry(name, env);
  } catch {
  }
}
function applyServiceEnvironment(name, env = process.env) {
  if (applied || applyMarker(env))
    return;
  applyFromRegistry(name, env);
}
var CWD_VAR, OWNER_VALUE, applied;
var init_env = __esm({
  "build/lib/platforms/windows/env.js"() {
    "use strict";
    init_variables();
    init_errors();
    init_win32();
    CWD_VAR = "__servicekit_cwd";
    OWNER_VALUE = "ServicekitManaged";
    applied = false;
  }
});

// build/lib/platforms/windows/eventlog.js
function eventLogLogger(source, onError) {
  let handle;
  const open2 = () => {
    const w = win32();
    const h = w.RegisterEventSourceW(null, source);
    if (!h)
      throw new Win32Error(`RegisterEventSourceW(${source})`, lastError());
    process.once("exit", () => w.DeregisterEventSource(h));
    return h;
  };
  const sink = withStderrFallback(source, (level, message) => {
    handle ??= open2();
    if (!win32().ReportEventW(handle, EVENT_TYPE[level], NO_CATEGORY, EVENT_ID, null, 1, 0, [message], null)) {
      throw new Win32Error("ReportEventW", lastError());
    }
  }, onError);
  return loggerFrom(sink, onError);
}
var EVENT_TYPE, EVENT_ID, NO_CATEGORY;
var init_eventlog = __esm({
  "build/lib/platforms/windows/eventlog.js"() {
    "use strict";
    init_logger();
    init_win32();
    EVENT_TYPE = { error: EVENTLOG.ERROR, warning: EVENTLOG.WARNING, info: EVENTLOG.INFORMATION };
    EVENT_ID = 1;
    NO_CATEGORY = 0;
  }
});

// build/lib/platforms/windows/unsupported.js
var unsupported6;
var init_unsupported6 = __esm({
  "build/lib/platforms/windows/unsupported.js"() {
    "use strict";
    init_support();
    unsupported6 = {
      ...NOT_SMF,
      ...otherTemplates(),
      template: "the Service Control Manager has no service file to template",
      ...NOT_LAUNCHD,
      "systemd.*": "options of systemd",
      "userService=true": "Windows services are machine-wide",
      chroot: "Windows has no chroot",
      "limits.*": "the Service Control Manager sets no resource limits (a job object would be needed)",
      groupName: "a Windows service runs as an account, not a group",
      killSignal: "Windows has no signals: the SCM sends SERVICE_CONTROL_STOP",
      environmentFile: "the values would be copied into the service's registry key, which every local user can read",
      "logOutput=true": "Windows services log to the Event Log; output files are not supported",
      logDirectory: "Windows services log to the Event Log",
      pidFile: "the Service Control Manager tracks the process itself",
      reloadSignal: "Windows has no signals to send on reload",
      successExitStatus: "the Service Control Manager reports exit codes, it does not filter them",
      "restart=on-success": "recovery actions run on failure only: use always, on-failure or no",
      "restart=on-abnormal": "recovery actions run on failure only: use always, on-failure or no",
      "restart=on-abort": "recovery actions run on failure only: use always, on-failure or no",
      "restart=on-watchdog": "recovery actions run on failure only: use always, on-failure or no",
      unitDependencies: `dependencies given as systemd unit lines ("After=\u2026") are systemd's; give plain service names`
    };
  }
});

// build/lib/platforms/windows/render.js
function quoteArg(arg) {
  if (arg !== "" && !/[\s"]/.test(arg))
    return arg;
  let out = '"';
  let slashes = 0;
  for (const ch of arg) {
    if (ch === "\\") {
      slashes++;
      continue;
    }
    if (ch === '"') {
      out += "\\".repeat(slashes * 2 + 1) + '"';
    } else {
      out += "\\".repeat(slashes) + ch;
    }
    slashes = 0;
  }
  return `${out}${"\\".repeat(slashes * 2)}"`;
}
function checkWindowsPath(field, p) {
  if (!/^([A-Za-z]:\\|\\\\[^\\]+\\[^\\]+)/.test(p)) {
    throw new InvalidConfigError(field, `must be an absolute Windows path such as C:\\Program Files\\app\\app.exe (got ${JSON.stringify(p)})`);
  }
  if (/["<>|?*\x00-\x1f]/.test(p.slice(2)))
    throw new InvalidConfigError(field, `${JSON.stringify(p)} holds a character Windows paths cannot have`);
  return p;
}
function commandLine(cfg) {
  const exe = checkWindowsPath("executable", cfg.executable);
  const line = [`"${exe}"`, ...cfg.arguments.map(quoteArg)].join(" ");
  const expand = SCM_EXPANDS.exec(line);
  if (expand) {
    const i = cfg.arguments.findIndex((a) => a.includes(expand[0]));
    throw new InvalidConfigError(i >= 0 ? `arguments[${i}]` : "arguments", `${expand[0]} would be expanded as an environment variable by the Service Control Manager (no escape exists); pass the value through env instead`);
  }
  if (line.length + 1 > MAX_COMMAND_LINE) {
    throw new InvalidConfigError("arguments", `the command line would be ${line.length} characters; Windows allows ${MAX_COMMAND_LINE - 1}`);
  }
  return line;
}
function startTypeOf(cfg) {
  if (cfg.enabled)
    return cfg.windows.startType;
  if (cfg.windows.delayedAutoStart)
    throw new InvalidConfigError("windows.delayedAutoStart", "a delayed start at boot, which enabled: false says it must not");
  if (cfg.given.includes("windows.startType") && cfg.windows.startType === "automatic") {
    throw new InvalidConfigError("windows.startType", '"automatic" starts at boot, which enabled: false says it must not');
  }
  return cfg.given.includes("windows.startType") ? cfg.windows.startType : "manual";
}
function bootStartCode(on) {
  return on ? SC.AUTO_START : SC.DEMAND_START;
}
function scmSpec(cfg) {
  if (cfg.userService)
    throw new InvalidConfigError("userService", "Windows services are machine-wide; per-user services are not supported");
  if (cfg.name.length > MAX_SERVICE_NAME)
    throw new InvalidConfigError("name", `Windows service names have at most ${MAX_SERVICE_NAME} characters`);
  if (cfg.displayName.length > MAX_DISPLAY_NAME)
    throw new InvalidConfigError("displayName", `Windows display names have at most ${MAX_DISPLAY_NAME} characters`);
  checkWindowsPath("workingDirectory", cfg.workingDirectory);
  const w = cfg.windows;
  const environment = encodeEnvironment(cfg.env, cfg.workingDirectory);
  const onFailure = w.onFailure ?? (cfg.restart === "no" ? "noaction" : "restart");
  if (w.interactive && cfg.userName !== void 0) {
    throw new InvalidConfigError("windows.interactive", "an interactive service runs as LocalSystem: leave userName unset");
  }
  if (w.password !== void 0 && cfg.userName === void 0) {
    throw new InvalidConfigError("windows.password", "a password needs a userName (the account it belongs to)");
  }
  const startType = startTypeOf(cfg);
  return {
    name: cfg.name,
    displayName: cfg.displayName,
    description: cfg.description,
    binaryPathName: commandLine(cfg),
    startType,
    startTypeCode: START_CODES[startType],
    serviceType: SC.SERVICE_WIN32_OWN_PROCESS | (w.interactive ? SC.SERVICE_INTERACTIVE_PROCESS : 0),
    delayedAutoStart: w.delayedAutoStart,
    dependencies: cfg.dependencies,
    ...cfg.userName === void 0 ? {} : { account: cfg.userName },
    hasPassword: w.password !== void 0,
    onFailure,
    onFailureDelayMs: Math.round((w.onFailureDelaySec ?? cfg.restartSec) * 1e3),
    onFailureResetPeriodSec: w.onFailureResetPeriodSec,
    environment,
    workingDirectory: cfg.workingDirectory,
    stopTimeoutSec: cfg.stopTimeoutSec
  };
}
function renderWindows(cfg) {
  const s = scmSpec(cfg);
  return [{ path: keyPath(s.name), content: renderSpec(s), mode: 0 }];
}
function keyPath(name) {
  return `HKLM\\${serviceKey(name)}`;
}
function renderSpec(s) {
  const lines = [
    `CreateServiceW`,
    `  ServiceName      ${s.name}`,
    `  DisplayName      ${s.displayName}`,
    `  ServiceType      SERVICE_WIN32_OWN_PROCESS${s.serviceType & SC.SERVICE_INTERACTIVE_PROCESS ? " | SERVICE_INTERACTIVE_PROCESS" : ""}`,
    `  StartType        ${s.startType}${s.delayedAutoStart ? " (delayed)" : ""}`,
    `  BinaryPathName   ${s.binaryPathName}`,
    `  Dependencies     ${s.dependencies.join(", ") || "(none)"}`,
    `  Account          ${s.account ?? "LocalSystem"}${s.hasPassword ? " (password set, not shown)" : ""}`,
    `ChangeServiceConfig2W`,
    `  Description      ${s.description}`,
    `  FailureActions   ${s.onFailure}${s.onFailure === "noaction" ? "" : ` after ${s.onFailureDelayMs} ms`}, reset after ${s.onFailureResetPeriodSec} s`,
    keyPath(s.name),
    `  ${OWNER_VALUE} (REG_SZ) ${s.name}`,
    `  Environment (REG_MULTI_SZ)`,
    ...s.environment.map((e) => `    ${JSON.stringify(e)}`),
    `HKLM\\${eventSourceKey(s.name)}`,
    `  EventMessageFile (REG_EXPAND_SZ) ${EVENT_MESSAGE_FILE}`,
    `  TypesSupported (REG_DWORD) ${EVENT_TYPES_SUPPORTED}`
  ];
  return lines.join("\n") + "\n";
}
var MAX_COMMAND_LINE, MAX_SERVICE_NAME, SCM_EXPANDS, START_CODES, EVENT_TYPES_SUPPORTED, MAX_DISPLAY_NAME, EVENT_MESSAGE_FILE;
var init_render6 = __esm({
  "build/lib/platforms/windows/render.js"() {
    "use strict";
    init_errors();
    init_env();
    init_constants();
    MAX_COMMAND_LINE = 32767;
    MAX_SERVICE_NAME = 256;
    SCM_EXPANDS = /%[^%\s"]+%/;
    START_CODES = { automatic: SC.AUTO_START, manual: SC.DEMAND_START, disabled: SC.DISABLED };
    EVENT_TYPES_SUPPORTED = EVENTLOG.ERROR | EVENTLOG.WARNING | EVENTLOG.INFORMATION;
    MAX_DISPLAY_NAME = 256;
    EVENT_MESSAGE_FILE = "%SystemRoot%\\System32\\EventCreate.exe";
  }
});

// build/lib/platforms/windows/registry.js
function check(what, ok) {
  if (!ok)
    throw new Win32Error(what, lastError());
  return ok;
}
function wide(s) {
  return Buffer.from(`${s}\0`, "utf16le");
}
function multiSz(items) {
  return Buffer.from(items.map((s) => `${s}\0`).join("") + "\0", "utf16le");
}
function regCreateKey(sub) {
  const w = win32();
  const out = [0];
  regCheck(`RegCreateKeyExW(${sub})`, w.RegCreateKeyExW(HKEY_LOCAL_MACHINE, sub, 0, null, 0, KEY_ALL_ACCESS, null, out, [0]));
  return Number(out[0]);
}
function regSet(key, name, type, data) {
  regCheck(`RegSetValueExW(${name})`, win32().RegSetValueExW(key, name, 0, type, data, data.length));
}
function regDword(v) {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
}
function regDeleteTree(sub) {
  const w = win32();
  for (const [what, st] of [
    ["RegDeleteTreeW", w.RegDeleteTreeW(HKEY_LOCAL_MACHINE, sub)],
    ["RegDeleteKeyW", w.RegDeleteKeyW(HKEY_LOCAL_MACHINE, sub)]
  ]) {
    if (st !== 0 && st !== ERROR.FILE_NOT_FOUND)
      regCheck(`${what}(${sub})`, st);
  }
}
function withCreatedKey(sub, fn) {
  return using(regHandle(regCreateKey(sub)), (k) => fn(k.raw));
}
function regKeyExists(sub) {
  const key = regOpenKey(sub);
  if (key === void 0)
    return false;
  regHandle(key).close();
  return true;
}
var init_registry = __esm({
  "build/lib/platforms/windows/registry.js"() {
    "use strict";
    init_constants();
    init_win32();
  }
});

// build/lib/platforms/windows/stored.js
function readString(name, value) {
  const v = regGetValue(serviceKey(name), value);
  return v === void 0 ? void 0 : v.data.toString("utf16le").replace(/\0+$/, "");
}
function storedSpec(name) {
  const text = readString(name, SPEC_VALUE);
  if (text === void 0)
    return void 0;
  try {
    return JSON.parse(text);
  } catch {
    return void 0;
  }
}
function digest(password) {
  const salt = (0, import_node_crypto.randomBytes)(SALT_BYTES);
  return `scrypt$${salt.toString("base64")}$${(0, import_node_crypto.scryptSync)(password, salt, HASH_BYTES).toString("base64")}`;
}
function passwordChanged(name, password) {
  if (password === void 0)
    return false;
  const [kind, salt, hash] = (readString(name, PASSWORD_VALUE) ?? "").split("$");
  if (kind !== "scrypt" || salt === void 0 || hash === void 0)
    return true;
  const want = Buffer.from(hash, "base64");
  return want.length !== HASH_BYTES || !(0, import_node_crypto.timingSafeEqual)(want, (0, import_node_crypto.scryptSync)(password, Buffer.from(salt, "base64"), HASH_BYTES));
}
function storedConfigText(name) {
  return readString(name, CONFIG_VALUE);
}
function writeServiceKey(name, spec, configText, password) {
  withCreatedKey(serviceKey(name), (key) => {
    regSet(key, "Environment", REG.MULTI_SZ, multiSz(spec.environment));
    regSet(key, OWNER_VALUE, REG.SZ, wide(name));
    regSet(key, SPEC_VALUE, REG.SZ, wide(JSON.stringify(spec)));
    regSet(key, CONFIG_VALUE, REG.SZ, wide(configText));
    if (password !== void 0)
      regSet(key, PASSWORD_VALUE, REG.SZ, wide(digest(password)));
  });
}
function restoreServiceKey(name, spec, configText, previousDigest) {
  writeServiceKey(name, spec, configText, void 0);
  withCreatedKey(serviceKey(name), (key) => regSet(key, PASSWORD_VALUE, REG.SZ, previousDigest ?? wide("")));
}
var import_node_crypto, CONFIG_VALUE, SPEC_VALUE, PASSWORD_VALUE, SALT_BYTES, HASH_BYTES;
var init_stored = __esm({
  "build/lib/platforms/windows/stored.js"() {
    "use strict";
    import_node_crypto = require("node:crypto");
    init_env();
    init_registry();
    init_win32();
    CONFIG_VALUE = "ServicekitConfig";
    SPEC_VALUE = "ServicekitSpec";
    PASSWORD_VALUE = "ServicekitPassword";
    SALT_BYTES = 16;
    HASH_BYTES = 32;
  }
});

// build/lib/platforms/windows/manager.js
var manager_exports6 = {};
__export(manager_exports6, {
  WindowsManager: () => WindowsManager
});
function mapError(e, name, what) {
  if (!(e instanceof Win32Error))
    return e;
  switch (e.winError) {
    case ERROR.SERVICE_DOES_NOT_EXIST:
      return new NotInstalledError(name, { cause: e });
    case ERROR.SERVICE_EXISTS:
    case ERROR.DUPLICATE_SERVICE_NAME:
      return new AlreadyInstalledError(name, "the Service Control Manager has a service by that name", { cause: e });
    case ERROR.SERVICE_MARKED_FOR_DELETE:
      return new AlreadyInstalledError(name, "marked for deletion; close services.msc and any open handles, then retry", { cause: e });
    case ERROR.ACCESS_DENIED:
      return new PermissionError(`${what} needs an elevated prompt (Run as Administrator)`, { cause: e });
    default:
      return e;
  }
}
function query(svc) {
  const w = win32();
  const st = {};
  check("QueryServiceStatusEx", w.QueryServiceStatusEx(svc.raw, SC.STATUS_PROCESS_INFO, st, w.koffi.sizeof("SERVICE_STATUS_PROCESS"), [0]));
  return st;
}
async function waitState(svc, want, ms, what) {
  const end = Date.now() + ms;
  for (; ; ) {
    const st = query(svc);
    if (want.includes(st.dwCurrentState))
      return st;
    if (Date.now() > end)
      throw new TimeoutError(`${what}: still ${STATE_NAMES[st.dwCurrentState] ?? st.dwCurrentState} after ${ms} ms`);
    await (0, import_promises4.setTimeout)(POLL_MS2);
  }
}
function queryServiceType(svc) {
  const size = 8 * 1024;
  const buf = Buffer.alloc(size);
  check("QueryServiceConfigW", win32().QueryServiceConfigW(svc.raw, buf, size, [0]));
  return buf.readUInt32LE(0);
}
function config2(svc, level, type, info) {
  const w = win32();
  if (!w.ChangeServiceConfig2W(svc.raw, level, w.koffi.as(info, `${type} *`)))
    throw new Win32Error(`ChangeServiceConfig2W(${type})`, lastError());
}
function isMissingLevel(e) {
  return e instanceof Win32Error && e.winError === ERROR.INVALID_LEVEL;
}
function specChanges(name, spec, old, password) {
  const after = renderSpec(spec);
  const before = old === void 0 ? void 0 : renderSpec(old);
  return [
    ...before === after ? [] : [{ path: keyPath(name), ...before === void 0 ? {} : { before }, after, secret: false }],
    ...passwordChanged(name, password) ? [{ path: `${keyPath(name)} (password)`, secret: true }] : []
  ];
}
function changeConfig(svc, spec, from, password, startType) {
  const account = spec.account === from.account ? null : spec.account ?? LOCAL_SYSTEM;
  check("ChangeServiceConfigW", win32().ChangeServiceConfigW(svc.raw, spec.serviceType, startType ? spec.startTypeCode : SC.SERVICE_NO_CHANGE, SC.SERVICE_ERROR_NORMAL, spec.binaryPathName, null, null, multiSz(spec.dependencies), account, password ?? null, spec.displayName));
}
function setDescription(svc, spec) {
  config2(svc, SC.CONFIG_DESCRIPTION, "SERVICE_DESCRIPTIONW", { lpDescription: spec.description });
}
function setRecovery(svc, spec) {
  const type = ACTION[spec.onFailure === "noaction" ? "none" : spec.onFailure];
  const actions = type === ACTION.none ? [] : Array.from({ length: FAILURE_COUNTS }, () => ({ Type: type, Delay: spec.onFailureDelayMs }));
  config2(svc, SC.CONFIG_FAILURE_ACTIONS, "SERVICE_FAILURE_ACTIONSW", {
    dwResetPeriod: spec.onFailureResetPeriodSec,
    lpRebootMsg: null,
    lpCommand: null,
    cActions: actions.length,
    lpsaActions: actions
  });
  try {
    config2(svc, SC.CONFIG_FAILURE_ACTIONS_FLAG, "SERVICE_FAILURE_ACTIONS_FLAG", { fFailureActionsOnNonCrashFailures: type === ACTION.none ? 0 : 1 });
  } catch (e) {
    if (!isMissingLevel(e))
      throw e;
  }
}
function setDelayedStart(svc, spec) {
  try {
    config2(svc, SC.CONFIG_DELAYED_AUTO_START_INFO, "SERVICE_DELAYED_AUTO_START_INFO", { fDelayedAutostart: spec.delayedAutoStart ? 1 : 0 });
  } catch (e) {
    if (!isMissingLevel(e))
      throw e;
    if (spec.delayedAutoStart)
      throw new UnsupportedError("windows.delayedAutoStart: this Service Control Manager has no delayed automatic start (Wine has none)", { cause: e });
  }
}
var import_promises4, STATES, STATE_NAMES, START_TIMEOUT_MS, DELETE_TIMEOUT_MS, STOP_EXIT_MARGIN_MS, POLL_MS2, LOCAL_SYSTEM, ACTION, FAILURE_COUNTS, WindowsManager;
var init_manager6 = __esm({
  "build/lib/platforms/windows/manager.js"() {
    "use strict";
    import_promises4 = require("node:timers/promises");
    init_unsupported6();
    init_errors();
    init_host();
    init_rollback();
    init_install();
    init_env();
    init_render6();
    init_stored();
    init_state();
    init_win32();
    init_registry();
    STATES = {
      [SC.STOPPED]: "stopped",
      [SC.START_PENDING]: "starting",
      [SC.STOP_PENDING]: "stopping",
      [SC.RUNNING]: "running",
      [SC.CONTINUE_PENDING]: "starting",
      [SC.PAUSE_PENDING]: "stopping",
      [SC.PAUSED]: "stopped"
    };
    STATE_NAMES = {
      [SC.STOPPED]: "STOPPED",
      [SC.START_PENDING]: "START_PENDING",
      [SC.STOP_PENDING]: "STOP_PENDING",
      [SC.RUNNING]: "RUNNING",
      [SC.CONTINUE_PENDING]: "CONTINUE_PENDING",
      [SC.PAUSE_PENDING]: "PAUSE_PENDING",
      [SC.PAUSED]: "PAUSED"
    };
    START_TIMEOUT_MS = 6e4;
    DELETE_TIMEOUT_MS = 1e4;
    STOP_EXIT_MARGIN_MS = 15e3;
    POLL_MS2 = 50;
    LOCAL_SYSTEM = "LocalSystem";
    ACTION = { none: 0, restart: 1, reboot: 2 };
    FAILURE_COUNTS = 3;
    WindowsManager = class {
      faults;
      platform = "windows-service";
      unsupported = unsupported6;
      /** `failAtStep` (tests only): make that install step fail, to prove the rollback on the real SCM. */
      constructor(faults = {}) {
        this.faults = faults;
      }
      render(cfg) {
        return renderWindows(cfg);
      }
      scm(access, what, name) {
        const h = scHandle(win32().OpenSCManagerW(null, null, access));
        if (!h)
          throw mapError(new Win32Error("OpenSCManagerW", lastError()), name, what);
        return h;
      }
      /** Run fn with an open service handle; NotInstalledError when there is none. */
      withService(cfg, access, what, fn) {
        return using(this.scm(SC.MANAGER_CONNECT, what, cfg.name), (scm) => {
          const svc = scHandle(win32().OpenServiceW(scm.raw, cfg.name, access));
          if (!svc)
            throw mapError(new Win32Error(`OpenServiceW(${cfg.name})`, lastError()), cfg.name, what);
          return using(svc, fn).catch((e) => {
            throw mapError(e, cfg.name, what);
          });
        });
      }
      /** "Already installed" is decided before anything is written (the Go library wrote the registry environment first). */
      assertNew(scm, name) {
        const existing = scHandle(win32().OpenServiceW(scm.raw, name, SC.SERVICE_QUERY_STATUS));
        if (existing) {
          existing.close();
          throw new AlreadyInstalledError(name, "the Service Control Manager has a service by that name");
        }
        if (regKeyExists(eventSourceKey(name)))
          throw new AlreadyInstalledError(name, `an event log source HKLM\\${eventSourceKey(name)} exists`);
      }
      async install(cfg, opts = {}) {
        const spec = scmSpec(cfg);
        await checkProgram(realHost, cfg);
        await using(this.scm(SC.MANAGER_ALL_ACCESS, "installing a service", cfg.name), async (scm) => {
          this.assertNew(scm, cfg.name);
          let svc;
          try {
            await withRollback(async (step) => {
              svc = await this.create(step, scm, spec, cfg);
              await this.configure(step, svc, spec, cfg);
              if (opts.start) {
                const started = svc;
                await step("start", () => this.startAndWait(started, cfg), async () => void await this.stopAndWait(started, cfg).catch(() => void 0));
              }
            }, { ...this.faults.failAtStep === void 0 ? {} : { failAt: this.faults.failAtStep }, ...opts.signal === void 0 ? {} : { signal: opts.signal } });
          } finally {
            svc?.close();
          }
        });
        return { warnings: [] };
      }
      async create(step, scm, spec, cfg) {
        let svc;
        await step("CreateServiceW", async () => {
          svc = scHandle(win32().CreateServiceW(scm.raw, spec.name, spec.displayName, SC.SERVICE_ALL_ACCESS, spec.serviceType, spec.startTypeCode, SC.SERVICE_ERROR_NORMAL, spec.binaryPathName, null, null, spec.dependencies.length ? multiSz(spec.dependencies) : null, spec.account ?? null, cfg.windows.password ?? null));
          if (!svc)
            throw mapError(new Win32Error("CreateServiceW", lastError()), cfg.name, "installing a service");
          const created = svc;
          return async () => {
            win32().DeleteService(created.raw);
            created.close();
            await this.waitDeleted(cfg.name);
          };
        });
        return svc;
      }
      async configure(step, svc, spec, cfg) {
        await step("description", async () => setDescription(svc, spec));
        await step("recovery actions", async () => setRecovery(svc, spec));
        if (spec.delayedAutoStart)
          await step("delayed auto-start", async () => setDelayedStart(svc, spec));
        await step("environment and mark", async () => writeServiceKey(cfg.name, spec, renderState(cfg, false), cfg.windows.password));
        await step("event log source", async () => withCreatedKey(eventSourceKey(cfg.name), (key) => {
          regSet(key, "EventMessageFile", REG.EXPAND_SZ, wide(EVENT_MESSAGE_FILE));
          regSet(key, "TypesSupported", REG.DWORD, regDword(EVENT_TYPES_SUPPORTED));
        }), async () => regDeleteTree(eventSourceKey(cfg.name)));
      }
      /** Does the service's key carry servicekit's mark? */
      owned(name) {
        const mark = regGetValue(serviceKey(name), OWNER_VALUE);
        return mark !== void 0 && mark.data.toString("utf16le").replace(/\0+$/, "") === name;
      }
      /** Only a service whose key carries servicekit's mark is removed (NotOwnedError otherwise). */
      assertOwned(name) {
        if (!this.owned(name))
          throw new NotOwnedError(name, keyPath(name), `has no ${OWNER_VALUE} value`);
      }
      /** servicekit's services: one enumeration of the SCM, the mark read from each key. */
      async list(userService) {
        if (userService)
          return [];
        return enumServices(false).filter((s) => this.owned(s.name)).map((s) => this.detail(s.name, s.status)).sort((a, b) => a.name.localeCompare(b.name));
      }
      /**
       * What update would change: the service's spec as render() shows it, against the one stored with
       * it at install or the last update (a new password counts as a change, shown as a secret).
       */
      async plan(cfg) {
        const spec = scmSpec(cfg);
        if (!await this.exists(cfg))
          return { action: "create", changes: [{ path: keyPath(cfg.name), after: renderSpec(spec), secret: false }] };
        this.assertOwned(cfg.name);
        const changes = specChanges(cfg.name, spec, storedSpec(cfg.name), cfg.windows.password);
        return { action: changes.length ? "update" : "unchanged", changes };
      }
      async storedConfig(cfg) {
        return this.withService(cfg, SC.SERVICE_QUERY_STATUS, "reading a service", async () => {
          this.assertOwned(cfg.name);
          const text = storedConfigText(cfg.name);
          return text === void 0 ? void 0 : parseState(text, cfg.name);
        });
      }
      async exists(cfg) {
        return (await this.status(cfg)).state !== "not-installed";
      }
      /**
       * Change the installed service in place (ChangeServiceConfigW, ChangeServiceConfig2W, its key), not
       * delete + create: each step with its undo (the spec stored with the service), restarted if it
       * ran; a failure brings the old configuration back and the old version running.
       */
      async update(cfg, opts = {}) {
        const spec = scmSpec(cfg);
        await checkProgram(realHost, cfg);
        return this.withService(cfg, SC.SERVICE_ALL_ACCESS, "updating a service", async (svc) => {
          this.assertOwned(cfg.name);
          const old = storedSpec(cfg.name);
          if (old === void 0)
            throw new UnsupportedError(`${cfg.name} was installed without the configuration update restores on failure: uninstall and install it again`);
          const password = cfg.windows.password;
          const stored = renderState(cfg, false);
          if (specChanges(cfg.name, spec, old, password).length === 0) {
            if (storedConfigText(cfg.name) !== stored)
              writeServiceKey(cfg.name, spec, stored, void 0);
            return { changed: false, restarted: false };
          }
          const state = query(svc).dwCurrentState;
          const restart = opts.restart !== false && (state === SC.RUNNING || state === SC.START_PENDING);
          await withRollback(async (step) => {
            if (restart)
              await step("keep it running", async () => void 0, () => this.startAndWait(svc, cfg).catch(() => void 0));
            const startType = cfg.given.includes("enabled") || cfg.given.includes("windows.startType");
            await step("ChangeServiceConfigW", async () => changeConfig(svc, spec, old, password, startType), async () => changeConfig(svc, old, spec, void 0, startType));
            await step("description", async () => setDescription(svc, spec), async () => setDescription(svc, old));
            await step("recovery actions", async () => setRecovery(svc, spec), async () => setRecovery(svc, old));
            if (spec.delayedAutoStart !== old.delayedAutoStart)
              await step("delayed auto-start", async () => setDelayedStart(svc, spec), async () => setDelayedStart(svc, old));
            const previousDigest = regGetValue(serviceKey(cfg.name), PASSWORD_VALUE);
            const previousConfig = storedConfigText(cfg.name) ?? "";
            await step("environment and mark", async () => writeServiceKey(cfg.name, spec, stored, password), async () => restoreServiceKey(cfg.name, old, previousConfig, previousDigest?.data));
            if (restart) {
              await step("restart", async () => {
                await this.stopAndWait(svc, cfg);
                await this.startAndWait(svc, cfg);
              });
            }
          }, opts.signal === void 0 ? {} : { signal: opts.signal });
          return { changed: true, restarted: restart };
        });
      }
      /** Start at boot (automatic) or not (manual): ChangeServiceConfigW on the start type only. */
      async setEnabled(cfg, on) {
        await this.withService(cfg, SC.SERVICE_CHANGE_CONFIG, on ? "enabling a service" : "disabling a service", async (svc) => {
          this.assertOwned(cfg.name);
          const N = SC.SERVICE_NO_CHANGE;
          check("ChangeServiceConfigW", win32().ChangeServiceConfigW(svc.raw, N, bootStartCode(on), N, null, null, null, null, null, null, null));
        });
      }
      /** Windows services log to the Event Log: no files to keep or purge. */
      async uninstall(cfg) {
        await this.withService(cfg, SC.SERVICE_ALL_ACCESS, "removing a service", async (svc) => {
          this.assertOwned(cfg.name);
          if (query(svc).dwCurrentState !== SC.STOPPED)
            await this.stopAndWait(svc, cfg);
          check("DeleteService", win32().DeleteService(svc.raw));
        });
        await this.waitDeleted(cfg.name);
        regDeleteTree(eventSourceKey(cfg.name));
        return { logs: [], purged: false };
      }
      /**
       * DeleteService only marks a service; the SCM removes it once every handle is closed and its
       * process is gone. Wait for that (so a reinstall right after works), then remove a registry key
       * the SCM left behind (Wine keeps it).
       */
      async waitDeleted(name) {
        await using(this.scm(SC.MANAGER_CONNECT, "removing a service", name), async (scm) => {
          const end = Date.now() + DELETE_TIMEOUT_MS;
          for (; ; ) {
            const h = scHandle(win32().OpenServiceW(scm.raw, name, SC.SERVICE_QUERY_STATUS));
            if (!h)
              break;
            h.close();
            if (Date.now() > end)
              throw new TimeoutError(`service ${name} is marked for deletion but still there after ${DELETE_TIMEOUT_MS / 1e3} s (open handles?)`);
            await (0, import_promises4.setTimeout)(POLL_MS2);
          }
        });
        regDeleteTree(serviceKey(name));
      }
      async startAndWait(svc, cfg) {
        if (!win32().StartServiceW(svc.raw, 0, null)) {
          const err = lastError();
          if (err !== ERROR.SERVICE_ALREADY_RUNNING)
            throw new Win32Error("StartServiceW", err);
        }
        const st = await waitState(svc, [SC.RUNNING, SC.STOPPED], START_TIMEOUT_MS, `starting ${cfg.name}`);
        if (st.dwCurrentState !== SC.RUNNING) {
          const code2 = st.dwWin32ExitCode === ERROR.SERVICE_SPECIFIC_ERROR ? `service-specific exit code ${st.dwServiceSpecificExitCode}` : `exit code ${st.dwWin32ExitCode}`;
          throw new StartFailedError(cfg.name, `STOPPED, ${code2}`, [], { cause: new Win32Error("StartServiceW", st.dwWin32ExitCode) });
        }
      }
      async stopAndWait(svc, cfg) {
        const w = win32();
        if (!w.ControlService(svc.raw, SC.CONTROL_STOP, {})) {
          const err = lastError();
          if (err === ERROR.SERVICE_NOT_ACTIVE)
            return;
          if (err !== ERROR.SERVICE_CANNOT_ACCEPT_CTRL)
            throw new Win32Error("ControlService(STOP)", err);
          const st = await waitState(svc, [SC.RUNNING, SC.STOPPED], START_TIMEOUT_MS, `stopping ${cfg.name}`);
          if (st.dwCurrentState === SC.STOPPED)
            return;
          check("ControlService(STOP)", w.ControlService(svc.raw, SC.CONTROL_STOP, {}));
        }
        await waitState(svc, [SC.STOPPED], cfg.stopTimeoutSec * 1e3 + STOP_EXIT_MARGIN_MS, `stopping ${cfg.name}`);
      }
      async start(cfg) {
        await this.withService(cfg, SC.SERVICE_START | SC.SERVICE_QUERY_STATUS, "starting a service", (svc) => this.startAndWait(svc, cfg));
      }
      async stop(cfg) {
        await this.withService(cfg, SC.SERVICE_STOP | SC.SERVICE_QUERY_STATUS, "stopping a service", (svc) => this.stopAndWait(svc, cfg));
      }
      /** Stop if running, then start: works from stopped too. */
      async restart(cfg) {
        await this.withService(cfg, SC.SERVICE_START | SC.SERVICE_STOP | SC.SERVICE_QUERY_STATUS, "restarting a service", async (svc) => {
          if (query(svc).dwCurrentState !== SC.STOPPED)
            await this.stopAndWait(svc, cfg);
          await this.startAndWait(svc, cfg);
        });
      }
      async status(cfg) {
        const base = { name: cfg.name, platform: this.platform };
        try {
          return await this.withService(cfg, SC.SERVICE_QUERY_STATUS, "reading a service status", async (svc) => this.detail(cfg.name, query(svc)));
        } catch (e) {
          if (e instanceof NotInstalledError)
            return { ...base, state: "not-installed", raw: {} };
          throw e;
        }
      }
      detail(name, st) {
        const start = regGetValue(serviceKey(name), "Start")?.data.readUInt32LE(0);
        const failed = st.dwCurrentState === SC.STOPPED && st.dwWin32ExitCode !== 0;
        return {
          name,
          platform: this.platform,
          state: failed ? "failed" : STATES[st.dwCurrentState] ?? "unknown",
          ...st.dwProcessId ? { pid: st.dwProcessId } : {},
          // Enabled: started at boot (automatic); manual and disabled services are not.
          ...start === void 0 ? {} : { enabled: start === SC.AUTO_START },
          raw: {
            CurrentState: STATE_NAMES[st.dwCurrentState] ?? String(st.dwCurrentState),
            Win32ExitCode: String(st.dwWin32ExitCode),
            ServiceSpecificExitCode: String(st.dwServiceSpecificExitCode),
            ...start === void 0 ? {} : { Start: String(start) }
          }
        };
      }
      /** The service type the SCM has for it (QueryServiceConfigW): SERVICE_WIN32_OWN_PROCESS, | SERVICE_INTERACTIVE_PROCESS. */
      async serviceType(cfg) {
        return this.withService(cfg, SC.SERVICE_QUERY_CONFIG, "reading a service configuration", async (svc) => queryServiceType(svc));
      }
      // eslint-disable-next-line require-yield
      async *logs(cfg, _opts) {
        throw new UnsupportedError(`reading the Event Log is not supported yet: see the Application log, source ${cfg.name}, in Event Viewer (or Get-WinEvent)`);
      }
    };
  }
});

// build/lib/run/run.js
async function bounded(p, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([Promise.resolve(p), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
async function runPosix(ctx, opts = {}) {
  const { service, program, notifier, logger } = ctx;
  const signals = opts.signals ?? ["SIGTERM", "SIGINT"];
  const keepAlive2 = setInterval(() => void 0, 1 << 30);
  let watchdog;
  let onStop = () => void 0;
  const stopRequested = new Promise((resolve) => onStop = resolve);
  const handlers = /* @__PURE__ */ new Map();
  for (const s of signals) {
    const h = () => onStop(s);
    handlers.set(s, h);
    process.on(s, h);
  }
  let reloading = Promise.resolve();
  const onHup = () => {
    reloading = reloading.then(async () => {
      if (!program.reload)
        return;
      notifier?.reloading();
      try {
        await program.reload(service);
      } catch (e) {
        logger.error("reload failed: %s", e instanceof Error ? e.message : String(e));
      }
      notifier?.ready();
    });
  };
  const reloadSignal = ctx.reloadSignal ?? "SIGHUP";
  process.on(reloadSignal, onHup);
  opts.until?.then(() => onStop("until"), () => onStop("until"));
  try {
    try {
      await program.start(service);
    } catch (e) {
      notifier?.startFailed();
      throw new ProgramError("start", e);
    }
    notifier?.ready();
    if (notifier?.watchdogIntervalMs !== void 0) {
      watchdog = setInterval(() => notifier.watchdog(), notifier.watchdogIntervalMs);
    }
    await stopRequested;
    notifier?.stopping();
    try {
      await bounded((async () => program.stop(service))(), ctx.stopTimeoutMs, "the stop callback");
    } catch (e) {
      throw e instanceof TimeoutError ? e : new ProgramError("stop", e);
    }
  } finally {
    clearInterval(keepAlive2);
    if (watchdog)
      clearInterval(watchdog);
    for (const [s, h] of handlers)
      process.off(s, h);
    process.off(reloadSignal, onHup);
    notifier?.close();
  }
}
var init_run = __esm({
  "build/lib/run/run.js"() {
    "use strict";
    init_errors();
  }
});

// build/lib/platforms/windows/runner.js
var runner_exports = {};
__export(runner_exports, {
  EXIT: () => EXIT,
  runWindows: () => runWindows
});
async function runWindows(ctx, name, opts = {}) {
  applyServiceEnvironment(name);
  const w = win32();
  const { koffi: koffi2 } = w;
  const svc = new ScmService(ctx);
  const handler = koffi2.register((ctrl) => svc.control(ctrl), koffi2.pointer(w.HandlerExProc));
  const serviceMain = koffi2.register(() => void svc.main(name, handler), koffi2.pointer(w.ServiceMainProc));
  opts.until?.then(() => svc.stop("stop"), () => svc.stop("stop"));
  const keepAlive2 = setInterval(() => void 0, 1 << 30);
  try {
    await new Promise((resolve, reject) => {
      w.StartServiceCtrlDispatcherW.async([{ name, proc: serviceMain }, { name: null, proc: null }], (err, ok) => {
        if (err)
          reject(err);
        else if (!ok)
          reject(new Win32Error("StartServiceCtrlDispatcherW", lastError()));
        else
          resolve();
      });
    });
  } finally {
    clearInterval(keepAlive2);
    svc.dispose();
    koffi2.unregister(serviceMain);
    koffi2.unregister(handler);
  }
  if (svc.failure !== void 0)
    throw svc.failure;
}
var EXIT, HINT_MS, PROGRESS_MS, ScmService;
var init_runner = __esm({
  "build/lib/platforms/windows/runner.js"() {
    "use strict";
    init_errors();
    init_run();
    init_env();
    init_win32();
    EXIT = { startFailed: 1, stopFailed: 2, stopTimedOut: 3 };
    HINT_MS = 5e3;
    PROGRESS_MS = 1e3;
    ScmService = class {
      ctx;
      state = SC.START_PENDING;
      statusHandle = null;
      checkPoint = 1;
      progress;
      /** A stop asked for while still starting, taken once RUNNING is reached. */
      pendingStop;
      /** What made the program fail (run() rejects with it). */
      failure;
      constructor(ctx) {
        this.ctx = ctx;
      }
      report(next, exit = {}) {
        const w = win32();
        this.state = next;
        const pending = next === SC.START_PENDING || next === SC.STOP_PENDING;
        const st = {
          dwServiceType: SC.SERVICE_WIN32_OWN_PROCESS,
          dwCurrentState: next,
          dwControlsAccepted: next === SC.RUNNING ? SC.ACCEPT_STOP | SC.ACCEPT_SHUTDOWN : 0,
          dwWin32ExitCode: exit.specific === void 0 ? 0 : ERROR.SERVICE_SPECIFIC_ERROR,
          dwServiceSpecificExitCode: exit.specific ?? 0,
          dwCheckPoint: pending ? this.checkPoint++ : 0,
          dwWaitHint: pending ? HINT_MS : 0
        };
        if (this.statusHandle && !w.SetServiceStatus(this.statusHandle, st)) {
          this.ctx.logger.error("SetServiceStatus(%d) failed (error %d)", next, lastError());
        }
      }
      /** Enter a pending state and keep reporting it while the callback runs, so the SCM does not give up. */
      enterPending(state) {
        this.report(state);
        clearInterval(this.progress);
        this.progress = setInterval(() => this.report(state), PROGRESS_MS);
      }
      enter(state, exit = {}) {
        clearInterval(this.progress);
        this.report(state, exit);
      }
      /** ServiceMain: register the handler, then START_PENDING -> RUNNING or STOPPED. */
      async main(name, handler) {
        this.statusHandle = win32().RegisterServiceCtrlHandlerExW(name, handler, null);
        if (!this.statusHandle) {
          this.failure = new Win32Error("RegisterServiceCtrlHandlerExW", lastError());
          return;
        }
        this.enterPending(SC.START_PENDING);
        try {
          await this.ctx.program.start(this.ctx.service);
        } catch (e) {
          this.failure = new ProgramError("start", e);
          this.enter(SC.STOPPED, { specific: EXIT.startFailed });
          return;
        }
        this.enter(SC.RUNNING);
        if (this.pendingStop)
          await this.stop(this.pendingStop);
      }
      /** A stop (SCM control or `until`): RUNNING -> STOP_PENDING -> STOPPED; remembered while starting; once only. */
      async stop(kind) {
        if (this.state === SC.START_PENDING) {
          this.pendingStop ??= kind;
          return;
        }
        if (this.state !== SC.RUNNING)
          return;
        this.enterPending(SC.STOP_PENDING);
        const { program, service } = this.ctx;
        try {
          const fn = kind === "shutdown" && program.shutdown ? program.shutdown : program.stop;
          await bounded((async () => fn.call(program, service))(), this.ctx.stopTimeoutMs, `the ${kind} callback`);
          this.enter(SC.STOPPED);
        } catch (e) {
          const timedOut = e instanceof TimeoutError;
          this.failure = timedOut ? e : new ProgramError(kind, e);
          this.enter(SC.STOPPED, { specific: timedOut ? EXIT.stopTimedOut : EXIT.stopFailed });
        }
      }
      /** HandlerEx: the controls this service accepts. */
      control(ctrl) {
        switch (ctrl) {
          case SC.CONTROL_STOP:
            void this.stop("stop");
            return 0;
          case SC.CONTROL_SHUTDOWN:
            void this.stop("shutdown");
            return 0;
          case SC.CONTROL_INTERROGATE:
            return 0;
          default:
            return ERROR.CALL_NOT_IMPLEMENTED;
        }
      }
      dispose() {
        clearInterval(this.progress);
      }
    };
  }
});

// build/lib/platforms/windows/index.js
function parentImage(probe) {
  if (probe.parentImage)
    return probe.parentImage() ?? "";
  try {
    return processImage(probe.ppid) ?? "";
  } catch {
    return "";
  }
}
var windows;
var init_windows = __esm({
  "build/lib/platforms/windows/index.js"() {
    "use strict";
    init_env();
    init_eventlog();
    init_win32();
    windows = {
      id: "windows-service",
      paths: "win32",
      onOs: (os5) => os5 === "win32",
      running: (probe) => probe.platform === "win32",
      // A terminal means a person; otherwise ask who the parent is (the SCM, services.exe, starts every
      // service process itself) — that needs koffi, so the cheap answer comes first.
      startedThisProcess: (probe) => !probe.tty?.() && /(^|[\\/])services\.exe$/i.test(parentImage(probe)),
      manager: async () => new (await Promise.resolve().then(() => (init_manager6(), manager_exports6))).WindowsManager(),
      systemLogger: eventLogLogger,
      // run() itself reports to the SCM.
      notifier: () => void 0,
      runner: async (ctx, name, opts) => (await Promise.resolve().then(() => (init_runner(), runner_exports))).runWindows(ctx, name, opts),
      prepareProcess: (interactive) => prepareServiceProcess(interactive)
    };
  }
});

// build/lib/platforms/smf/parse.js
function parseSvcs(stdout) {
  const [state, nstate = "-", ctid = "-"] = stdout.trim().split(/\s+/);
  if (!state)
    return void 0;
  const id = Number(ctid);
  return { state, nstate, ...ctid !== "-" && Number.isInteger(id) && id > 0 ? { ctid: id } : {} };
}
function stateOf(l) {
  if (l === void 0)
    return "unknown";
  const moving = l.nstate !== "-";
  switch (l.state) {
    case "online":
    case "degraded":
      return moving && l.nstate !== "online" && l.nstate !== "degraded" ? "stopping" : "running";
    case "offline":
      return l.nstate === "online" ? "starting" : "stopped";
    case "uninitialized":
      return moving ? "starting" : "unknown";
    case "disabled":
      return l.nstate === "online" || l.nstate === "offline" ? "starting" : "stopped";
    case "maintenance":
      return "failed";
    case "legacy_run":
      return "running";
    default:
      return "unknown";
  }
}
var init_parse4 = __esm({
  "build/lib/platforms/smf/parse.js"() {
    "use strict";
  }
});

// build/lib/platforms/smf/render.js
function manifestPath(name) {
  return import_node_path18.default.posix.join(MANIFEST_DIR, `${name}.xml`);
}
function serviceFmri(cfg) {
  return `svc:/${cfg.smf.prefix}/${cfg.name}`;
}
function instanceFmri(cfg) {
  return `${serviceFmri(cfg)}:default`;
}
function logPath(cfg) {
  return import_node_path18.default.posix.join(SMF_LOG_DIR, `${instanceFmri(cfg).slice("svc:/".length).replace(/\//g, "-")}.log`);
}
function xmlAttr(s, field) {
  return checkXmlChars(s, field).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/\t/g, "&#9;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;");
}
function checkXmlChars(s, field) {
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s)) {
    throw new InvalidConfigError(field, "holds a character an XML manifest cannot represent");
  }
  return s;
}
function methodWord(s, field) {
  checkXmlChars(s, field);
  return `'${s.replace(/'/g, `'\\''`)}'`.replace(/%/g, "%%");
}
function checkValueLength(value, field) {
  const bytes = Buffer.byteLength(value);
  if (bytes > MAX_VALUE_BYTES)
    throw new InvalidConfigError(field, `is ${bytes} bytes as SMF stores it; the repository holds at most ${MAX_VALUE_BYTES}`);
  return value;
}
function execLine2(cfg) {
  const words = [methodWord(cfg.executable, "executable"), ...cfg.arguments.map((a, i) => methodWord(a, `arguments[${i}]`))];
  return checkValueLength(words.join(" "), "arguments");
}
function dependencies(cfg) {
  const dep = (name, fmri, restartOn) => [
    `    <dependency name="${name}" grouping="require_all" restart_on="${restartOn}" type="service">`,
    `      <service_fmri value="${xmlAttr(fmri, "dependencies")}"/>`,
    "    </dependency>"
  ];
  return [
    ...dep("network", "svc:/milestone/network:default", "error"),
    ...dep("filesystem", "svc:/system/filesystem/local", "error"),
    // A plain name is another service of the same category (portable names, as on every manager).
    ...cfg.dependencies.flatMap((d, i) => dep(`servicekit-dep-${i}`, `svc:/${cfg.smf.prefix}/${d}`, "none"))
  ];
}
function methodContext(cfg) {
  const env = Object.entries(cfg.env);
  for (const [k] of env) {
    if (k.startsWith("SMF_"))
      throw new InvalidConfigError(`env.${k}`, "SMF_ variables are set by svc.startd itself");
    checkValueLength(`${k}=${cfg.env[k]}`, `env.${k}`);
  }
  return [
    `    <method_context working_directory="${xmlAttr(cfg.workingDirectory, "workingDirectory")}">`,
    ...cfg.userName === void 0 && cfg.groupName === void 0 ? [] : [credential(cfg)],
    ...env.length === 0 ? [] : ["      <method_environment>", ...env.map(([k, v]) => `        <envvar name="${k}" value="${xmlAttr(v, `env.${k}`)}"/>`), "      </method_environment>"],
    "    </method_context>"
  ];
}
function credential(cfg) {
  const user = cfg.userName === void 0 ? "root" : xmlAttr(cfg.userName, "userName");
  const group = cfg.groupName === void 0 ? ":default" : xmlAttr(cfg.groupName, "groupName");
  return `      <method_credential user="${user}" group="${group}"/>`;
}
function methods(cfg) {
  const m = (name, exec2, timeout) => `    <exec_method type="method" name="${name}" exec="${xmlAttr(exec2, name)}" timeout_seconds="${timeout}"/>`;
  return [
    m("start", execLine2(cfg), START_TIMEOUT_SEC),
    m("stop", cfg.killSignal === DEFAULTS.killSignal ? ":kill" : `:kill -${cfg.killSignal.slice("SIG".length)}`, stopGraceSec(cfg)),
    ...cfg.reloadSignal === void 0 ? [] : [m("refresh", `:kill -${cfg.reloadSignal.slice("SIG".length)}`, START_TIMEOUT_SEC)]
  ];
}
function renderManifest(cfg) {
  const service = `${cfg.smf.prefix}/${cfg.name}`;
  if (Buffer.byteLength(service) > MAX_NAME_BYTES) {
    throw new InvalidConfigError("smf.prefix", `the service name ${JSON.stringify(service)} is over the ${MAX_NAME_BYTES} bytes SMF stores: a shorter prefix or name`);
  }
  const loc = (s, field) => `<loctext xml:lang="C">${xmlAttr(s, field)}</loctext>`;
  return [
    '<?xml version="1.0"?>',
    `<!DOCTYPE service_bundle SYSTEM "${DTD}">`,
    xmlMark(cfg.name),
    `<service_bundle type="manifest" name="${cfg.name}">`,
    `  <service name="${cfg.smf.prefix}/${cfg.name}" type="service" version="1">`,
    '    <create_default_instance enabled="false"/>',
    "    <single_instance/>",
    ...dependencies(cfg),
    ...methodContext(cfg),
    ...methods(cfg),
    '    <property_group name="startd" type="framework">',
    '      <propval name="duration" type="astring" value="child"/>',
    "    </property_group>",
    // Whether it should run at boot: SMF's own switch (general/enabled) also starts it, so servicekit
    // keeps the wish here and enables for now only (svcadm enable -t) where it is false.
    '    <property_group name="servicekit" type="application">',
    `      <propval name="enabled" type="boolean" value="${cfg.enabled}"/>`,
    "    </property_group>",
    '    <stability value="Unstable"/>',
    "    <template>",
    `      <common_name>${loc(cfg.displayName, "displayName")}</common_name>`,
    ...cfg.description === "" ? [] : [`      <description>${loc(cfg.description, "description")}</description>`],
    "    </template>",
    "  </service>",
    "</service_bundle>",
    ""
  ].join("\n");
}
function renderSmfFiles(cfg) {
  return [{ path: manifestPath(cfg.name), content: renderManifest(cfg), mode: 420 }];
}
var import_node_path18, MANIFEST_DIR, DTD, SMF_LOG_DIR, MAX_VALUE_BYTES, MAX_NAME_BYTES, START_TIMEOUT_SEC;
var init_render7 = __esm({
  "build/lib/platforms/smf/render.js"() {
    "use strict";
    import_node_path18 = __toESM(require("node:path"), 1);
    init_config();
    init_errors();
    init_ownership();
    init_initscript();
    MANIFEST_DIR = "/var/svc/manifest/site";
    DTD = "/usr/share/lib/xml/dtd/service_bundle.dtd.1";
    SMF_LOG_DIR = "/var/svc/log";
    MAX_VALUE_BYTES = 4095;
    MAX_NAME_BYTES = 119;
    START_TIMEOUT_SEC = 60;
  }
});

// build/lib/platforms/smf/unsupported.js
var RESTARTS, unsupported7;
var init_unsupported7 = __esm({
  "build/lib/platforms/smf/unsupported.js"() {
    "use strict";
    init_support();
    RESTARTS = "svc.startd restarts a child service whenever it exits (restart always)";
    unsupported7 = {
      ...otherTemplates(),
      template: "no template for SMF manifests (the Go library has none either)",
      ...NOT_LAUNCHD,
      ...NOT_WINDOWS,
      "userService=true": "SMF has no per-user services",
      environmentFile: "the values would be written into the repository, where every user reads them with svcprop",
      chroot: "a method context has no root directory",
      restartSec: "svc.startd restarts at once: it has no restart delay",
      "restart=no": RESTARTS,
      "restart=on-failure": RESTARTS,
      "restart=on-success": RESTARTS,
      "restart=on-abnormal": RESTARTS,
      "restart=on-abort": RESTARTS,
      "restart=on-watchdog": RESTARTS,
      successExitStatus: RESTARTS,
      pidFile: "svc.startd tracks the process by its contract",
      "logOutput=true": "svc.startd writes the output to /var/svc/log/PREFIX-NAME:default.log",
      logDirectory: "svc.startd writes the output to /var/svc/log/PREFIX-NAME:default.log",
      "systemd.type": "SMF has no readiness protocol: a child service is online once its program runs",
      "systemd.watchdogSec": "SMF has no watchdog",
      "systemd.startLimitIntervalSec": "svc.startd has its own restart rate limit (maintenance after repeated fast failures)",
      "systemd.startLimitBurst": "svc.startd has its own restart rate limit (maintenance after repeated fast failures)",
      "systemd.limitNOFILE": "not written into the manifest",
      "limits.*": "SMF has no per-service resource limits (resource controls belong to projects and zones)",
      unitDependencies: `dependencies given as systemd unit lines ("After=\u2026") are systemd's; give plain service names`
    };
  }
});

// build/lib/platforms/smf/manager.js
var manager_exports7 = {};
__export(manager_exports7, {
  PGREP: () => PGREP,
  SVCADM: () => SVCADM,
  SVCCFG: () => SVCCFG,
  SVCPROP: () => SVCPROP,
  SVCS: () => SVCS,
  SmfManager: () => SmfManager
});
var SVCCFG, SVCADM, SVCS, SVCPROP, PGREP, BOOT_PROPERTY, SmfManager;
var init_manager7 = __esm({
  "build/lib/platforms/smf/manager.js"() {
    "use strict";
    init_config();
    init_errors();
    init_exec();
    init_ownership();
    init_install();
    init_platform();
    init_parse4();
    init_render7();
    init_unsupported7();
    SVCCFG = "/usr/sbin/svccfg";
    SVCADM = "/usr/sbin/svcadm";
    SVCS = "/usr/bin/svcs";
    SVCPROP = "/usr/bin/svcprop";
    PGREP = "/usr/bin/pgrep";
    BOOT_PROPERTY = "servicekit/enabled";
    SmfManager = class extends FileManager {
      platform = "solaris-smf";
      unsupported = unsupported7;
      suffix = ".xml";
      scopes = ["system"];
      /** The output goes to svc.startd's own log (/var/svc/log), not to files of servicekit's: nothing to rotate. */
      rotationPaths() {
        return [];
      }
      renderFiles(cfg) {
        return renderSmfFiles(cfg);
      }
      filePaths(cfg) {
        return [manifestPath(cfg.name)];
      }
      mark(cfg) {
        return xmlMark(cfg.name);
      }
      fileDirectories() {
        return [MANIFEST_DIR];
      }
      /** The service must be new to the repository, whatever manifest (or profile) made it. */
      async assertUnknown(cfg) {
        const r = await this.host.exec(SVCPROP, ["-q", serviceFmri(cfg)], { allowFail: true });
        if (r.code === 0)
          throw new AlreadyInstalledError(cfg.name, `${serviceFmri(cfg)} is already in the SMF repository`);
      }
      /** Import the manifest (validated first); the instance stays disabled until started. */
      async enable(cfg, step) {
        const [file] = this.filePaths(cfg);
        await this.host.exec(SVCCFG, ["validate", file]);
        await step("import", async () => {
          await this.host.exec(SVCCFG, ["import", file]);
          return () => this.delete(cfg);
        });
        return false;
      }
      async delete(cfg) {
        if ((await this.host.exec(SVCPROP, ["-q", serviceFmri(cfg)], { allowFail: true })).code !== 0)
          return;
        await this.host.exec(SVCCFG, ["delete", "-f", serviceFmri(cfg)]);
      }
      /** Disable for good (waiting until it is down), then take the service out of the repository. */
      async deactivate(cfg) {
        await this.host.exec(SVCADM, ["disable", "-s", instanceFmri(cfg)], { allowFail: true });
        await this.delete(cfg);
      }
      /** A changed manifest: imported again (svccfg updates the service), then the instance refreshed. */
      async reloadDefinitions(cfg) {
        const [file] = this.filePaths(cfg);
        await this.host.exec(SVCCFG, ["validate", file]);
        await this.host.exec(SVCCFG, ["import", file]);
        await this.host.exec(SVCADM, ["refresh", instanceFmri(cfg)]);
      }
      /** SMF's one switch: enabling starts it (and at boot), disabling stops it (and at boot). */
      async setBoot(cfg, on) {
        await this.host.exec(SVCCFG, ["-s", serviceFmri(cfg), "setprop", BOOT_PROPERTY, "=", "boolean:", String(on)]);
        await this.host.exec(SVCADM, [on ? "enable" : "disable", "-s", instanceFmri(cfg)]);
      }
      /** Stop until the next boot (a temporary disable): the service stays enabled at boot. */
      async stopService(cfg) {
        await this.host.exec(SVCADM, ["disable", "-s", "-t", instanceFmri(cfg)]);
      }
      /**
       * Clear a maintenance state, then enable (persistently) and wait for online, or restart a running
       * instance. Its contract id changes when svc.startd starts the program again: the restart count.
       */
      async startAndVerify(cfg, verb, start) {
        const fmri = instanceFmri(cfg);
        const before = await this.svcs(cfg);
        if (stateOf(before) === "failed")
          await this.host.exec(SVCADM, ["clear", fmri]);
        if (verb === "restart" && stateOf(before) === "running")
          await this.host.exec(SVCADM, ["restart", fmri]);
        else
          await this.host.exec(SVCADM, ["enable", "-s", ...await this.enabledAtBoot(cfg) ? [] : ["-t"], fmri], { allowFail: true });
        const failure = await this.settle(async () => {
          const l = await this.svcs(cfg);
          return { state: stateOf(l), ...l?.ctid === void 0 ? {} : { restarts: l.ctid } };
        }, start?.settleMs);
        if (failure !== void 0)
          throw new StartFailedError(cfg.name, failure, await logTail(this.logs(cfg, { lines: 10 }), 10));
      }
      /** The wish kept in the manifest's servicekit/enabled (the current properties, -c: no refresh needed). */
      async enabledAtBoot(cfg) {
        const r = await this.host.exec(SVCPROP, ["-c", "-p", BOOT_PROPERTY, instanceFmri(cfg)], { allowFail: true });
        return r.code === 0 ? r.stdout.trim() === "true" : cfg.enabled;
      }
      async svcs(cfg) {
        const r = await this.host.exec(SVCS, ["-H", "-o", "state,nstate,ctid", instanceFmri(cfg)], { allowFail: true });
        return r.code === 0 ? parseSvcs(r.stdout) : void 0;
      }
      async status(cfg) {
        const base = { name: cfg.name, platform: this.platform };
        if (!await this.host.exists(manifestPath(cfg.name)))
          return { ...base, state: "not-installed", raw: {} };
        const l = await this.svcs(cfg);
        if (l === void 0)
          return { ...base, state: "unknown", raw: { fmri: instanceFmri(cfg) } };
        const raw = { fmri: instanceFmri(cfg), state: l.state, nstate: l.nstate, ...l.ctid === void 0 ? {} : { ctid: String(l.ctid) } };
        const enabled = await this.host.exec(SVCPROP, ["-p", "general/enabled", instanceFmri(cfg)], { allowFail: true });
        const pid = l.ctid === void 0 ? void 0 : await this.pidOf(l.ctid);
        return {
          ...base,
          state: stateOf(l),
          ...enabled.code === 0 ? { enabled: enabled.stdout.trim() === "true" } : {},
          ...pid === void 0 ? {} : { pid },
          raw
        };
      }
      /** The oldest process of the contract: the program svc.startd started. */
      async pidOf(ctid) {
        const r = await this.host.exec(PGREP, ["-o", "-c", String(ctid)], { allowFail: true });
        const pid = Number(r.stdout.trim());
        return r.code === 0 && Number.isInteger(pid) && pid > 0 ? pid : void 0;
      }
      async *logs(cfg, opts) {
        yield* streamLines("tail", ["-n", String(opts.lines ?? 50), ...opts.follow ? ["-f"] : [], logPath(cfg)]);
      }
      /** servicekit's manifests, each with the category it was installed under (read from the manifest). */
      async list(userService) {
        if (userService)
          return [];
        const cfgs = [];
        for (const name of await this.ownNames(false)) {
          const text = await this.host.readFile(manifestPath(name));
          const prefix = /<service name="([^"]+)\/[^"/]+" type="service"/.exec(text)?.[1];
          cfgs.push(resolveConfig({ name, ...prefix === void 0 ? {} : { smf: { prefix } } }, { execPath: "/", cwd: "/", home: "/" }));
        }
        return this.statuses(cfgs);
      }
      /** svccfg refuses a manifest that breaks the DTD before anything is imported. */
      async reload() {
      }
      async afterRemove() {
      }
    };
  }
});

// build/lib/platforms/smf/index.js
var smf;
var init_smf = __esm({
  "build/lib/platforms/smf/index.js"() {
    "use strict";
    init_syslog();
    smf = {
      id: "solaris-smf",
      paths: "posix",
      onOs: (os5) => os5 === "sunos",
      running: (probe) => probe.exists("/usr/bin/svcs") && probe.exists("/usr/sbin/svcadm"),
      // svc.startd sets SMF_FMRI (and SMF_METHOD) in every method it runs.
      startedThisProcess: (probe) => probe.env["SMF_FMRI"] !== void 0 && probe.env["SMF_METHOD"] === "start",
      manager: async (host) => new (await Promise.resolve().then(() => (init_manager7(), manager_exports7))).SmfManager(host),
      systemLogger: syslogLogger,
      notifier: () => void 0
    };
  }
});

// build/lib/platforms.js
function recordOf(p) {
  const r = PLATFORMS.find((x) => x.id === p);
  if (!r)
    throw new InvalidArgumentError(`unknown platform ${JSON.stringify(p)} (known: ${PLATFORMS.map((x) => x.id).join(", ")})`);
  return r;
}
function candidates(os5) {
  return PLATFORMS.filter((r) => r.onOs(os5));
}
function detectPlatform(probe = realProbe) {
  return candidates(probe.platform).find((r) => r.running(probe))?.id;
}
function isInteractive(probe = realProbe) {
  return !candidates(probe.platform).some((r) => r.startedThisProcess(probe));
}
function availableSystems() {
  return candidates(realProbe.platform).map((r) => r.id);
}
function chooseSystem(p) {
  if (p !== void 0 && !availableSystems().includes(p)) {
    throw new InvalidArgumentError(`${p} is not available here (available: ${availableSystems().join(", ") || "none"})`);
  }
  chosen = p;
}
function chosenSystem() {
  if (chosen)
    return chosen;
  if (detected === void 0)
    detected = detectPlatform() ?? null;
  return detected ?? void 0;
}
function currentPlatform() {
  const p = chosenSystem();
  if (!p)
    throw new NoServiceSystemError("no service system detected");
  return p;
}
function interactiveCached() {
  return interactiveValue ??= isInteractive();
}
function prepareProcess() {
  for (const r of candidates(realProbe.platform))
    r.prepareProcess?.(interactiveCached);
}
var PLATFORMS, chosen, detected, interactiveValue;
var init_platforms = __esm({
  "build/lib/platforms.js"() {
    "use strict";
    init_errors();
    init_probe();
    init_systemd();
    init_upstart();
    init_openrc();
    init_sysv();
    init_launchd();
    init_windows();
    init_smf();
    PLATFORMS = [systemd, upstart, openrc, sysv, launchd, windows, smf];
  }
});

// build/lib/service.js
function checkSettleMs(settleMs) {
  if (settleMs !== void 0 && !(Number.isFinite(settleMs) && settleMs >= 0 && settleMs <= MAX_SETTLE_MS)) {
    throw new InvalidArgumentError(`settleMs must be a number of milliseconds from 0 to ${MAX_SETTLE_MS} (got ${String(settleMs)})`);
  }
}
var DEFAULT_WATCH_POLL_MS, MAX_SETTLE_MS, Service;
var init_service = __esm({
  "build/lib/service.js"() {
    "use strict";
    init_name();
    init_errors();
    init_logger();
    init_platforms();
    init_support();
    init_run();
    DEFAULT_WATCH_POLL_MS = 1e3;
    MAX_SETTLE_MS = 6e5;
    Service = class {
      config;
      program;
      opts;
      resolved;
      /** windows.password, kept out of `config`: no inspect, JSON or property walk of the Service reaches it. */
      #password;
      mgr;
      constructor(program, config, opts = {}) {
        validateName(config?.name);
        this.program = program;
        const w = config.windows;
        if (typeof w === "object" && w !== null && "password" in w) {
          const { password, ...windows2 } = w;
          this.#password = password;
          this.config = Object.freeze({ ...config, windows: Object.freeze(windows2) });
        } else {
          this.config = Object.freeze({ ...config });
        }
        this.opts = opts;
      }
      /** `util.inspect` / console.log: the name and platform only (never the config's secrets). */
      [Symbol.for("nodejs.util.inspect.custom")]() {
        return `Service { name: ${JSON.stringify(this.name)}${this.opts.platform ? `, platform: ${JSON.stringify(this.opts.platform)}` : ""} }`;
      }
      /** JSON.stringify(service): the name and the config, without the password. */
      toJSON() {
        return { name: this.name, config: this.config };
      }
      get name() {
        return this.config.name;
      }
      /** The display name, or the name. */
      toString() {
        return this.config.displayName ?? this.config.name;
      }
      /** The platform this service is bound to (e.g. linux-systemd). Throws NoServiceSystemError when none is detected. */
      platform() {
        return this.opts.platform ?? currentPlatform();
      }
      record() {
        return recordOf(this.platform());
      }
      /** The validated, defaulted config; the validation code is loaded by the first call that needs it, not at import. */
      cfg() {
        return this.resolved ??= Promise.resolve().then(() => (init_config(), config_exports)).then((m) => {
          const windows2 = this.#password === void 0 ? this.config.windows : { ...this.config.windows, password: this.#password };
          const platform2 = this.opts.platform ?? chosenSystem();
          const ctx = { ...m.defaultContext(), ...platform2 === void 0 ? {} : { paths: recordOf(platform2).paths } };
          return m.resolveConfig({ ...this.config, ...windows2 === void 0 ? {} : { windows: windows2 } }, ctx);
        });
      }
      env() {
        return this.opts.env ?? process.env;
      }
      /** The platform's manager, loaded on first use (importing servicekit loads none of them); a failed load is retried. */
      manager() {
        return this.mgr ??= (async () => this.record().manager(this.opts.host, this.env()))().catch((e) => {
          this.mgr = void 0;
          throw e;
        });
      }
      /** Calls the manager with the resolved config; a config error comes first, before any manager is loaded. */
      async call(fn) {
        const cfg = await this.cfg();
        return fn(await this.manager(), cfg);
      }
      /** The files install would write, with their contents; nothing is changed. Options the platform cannot honour are refused. */
      async render() {
        return this.call(async (mgr, cfg) => {
          refuseUnsupported(cfg, mgr.platform, mgr.unsupported);
          return mgr.render(mgr.prepare ? await mgr.prepare(cfg) : cfg);
        });
      }
      /**
       * Installs and uninstalls run one at a time per scope (system / this user), across processes:
       * the managers' own tools race otherwise (insserv, concurrent daemon-reloads).
       */
      exclusive(fn) {
        return this.call(async (mgr, cfg) => {
          const host = this.opts.host ?? (await Promise.resolve().then(() => (init_host(), host_exports))).realHost;
          return host.withInstallLock(cfg.userService, () => fn(mgr, cfg));
        });
      }
      /** Options the platform cannot honour are refused first (ERR_UNSUPPORTED), before the lock and any check. */
      async install(opts = {}) {
        checkSettleMs(opts.settleMs);
        await this.call((mgr, cfg) => refuseUnsupported(cfg, mgr.platform, mgr.unsupported));
        return this.exclusive((mgr, cfg) => mgr.install(cfg, opts));
      }
      /**
       * Stop, disable, remove. The service's log files stay (listed in the result) unless `purge`
       * removes them too.
       */
      async uninstall(opts = {}) {
        return this.exclusive((mgr, cfg) => mgr.uninstall(cfg, opts));
      }
      async start() {
        await this.call((mgr, cfg) => mgr.start(cfg));
      }
      async stop() {
        await this.call((mgr, cfg) => mgr.stop(cfg));
      }
      /**
       * Rewrite the installed service to this Service's configuration: only servicekit's own; checked
       * first; written atomically; its enablement kept; restarted if it was running (unless
       * `restart: false`) and watched through the settle window; any failure brings back the previous
       * files and state. `{ changed: false }` when it already was that configuration.
       */
      async update(opts = {}) {
        checkSettleMs(opts.settleMs);
        await this.call((mgr, cfg) => refuseUnsupported(cfg, mgr.platform, mgr.unsupported));
        return this.exclusive((mgr, cfg) => mgr.update(cfg, opts));
      }
      /**
       * The configuration the installed service was installed (or last updated) with, as stored with it
       * (servicekit's own only: `NotOwnedError`; `NotInstalledError`): `{ config, complete }`, `complete`
       * false when part of it could not be stored (a template function). Undefined when nothing was
       * stored. windows.password is never stored.
       */
      async installedConfig() {
        return this.call((mgr, cfg) => mgr.storedConfig(cfg));
      }
      /**
       * What install (`create`) or update (`update`, with the files that would change) would do to make
       * the installed service this configuration; `unchanged` when it already is. Nothing is changed.
       */
      async plan() {
        return this.call((mgr, cfg) => (refuseUnsupported(cfg, mgr.platform, mgr.unsupported), mgr.plan(cfg)));
      }
      /** Start at boot from now on (servicekit's own services only); does not start it now (SMF: does). */
      async enable() {
        await this.exclusive((mgr, cfg) => mgr.setEnabled(cfg, true));
      }
      /** Not at boot from now on; does not stop it now (SMF: does). */
      async disable() {
        await this.exclusive((mgr, cfg) => mgr.setEnabled(cfg, false));
      }
      /** Stop (if running) and start again; starts a stopped service too. */
      async restart() {
        await this.call((mgr, cfg) => mgr.restart(cfg));
      }
      /** running | stopped | unknown (starting, stopping, …). Throws NotInstalledError when not installed. */
      async status() {
        const d = await this.statusDetail();
        switch (d.state) {
          case "not-installed":
            throw new NotInstalledError(this.name);
          case "running":
            return "running";
          case "stopped":
          case "failed":
            return "stopped";
          default:
            return "unknown";
        }
      }
      /** The full state, including failed / starting / stopping / not-installed, the PID and whether it starts at boot. */
      async statusDetail() {
        return this.call((mgr, cfg) => mgr.status(cfg));
      }
      /**
       * The service's state as it changes: the current detail first, then one each time the state or
       * the PID changes, until `signal` aborts or you stop iterating. Under systemd (on its D-Bus) each
       * change is pushed by the manager, no polling; elsewhere the status is read every `pollMs`.
       */
      async *watch(opts = {}) {
        const mgr = await this.manager();
        const cfg = await this.cfg();
        let dirty = true;
        let wake;
        const poke = () => {
          dirty = true;
          wake?.();
        };
        const unsubscribe = mgr.subscribe?.(cfg, poke);
        const timer = unsubscribe ? void 0 : setInterval(poke, opts.pollMs ?? DEFAULT_WATCH_POLL_MS);
        opts.signal?.addEventListener("abort", poke, { once: true });
        let last;
        try {
          while (!opts.signal?.aborted) {
            if (!dirty)
              await new Promise((resolve) => wake = resolve);
            wake = void 0;
            if (opts.signal?.aborted)
              break;
            dirty = false;
            const d = await mgr.status(cfg);
            const key = `${d.state} ${d.pid ?? ""}`;
            if (key !== last) {
              last = key;
              yield d;
            }
          }
        } finally {
          unsubscribe?.();
          if (timer)
            clearInterval(timer);
          opts.signal?.removeEventListener("abort", poke);
        }
      }
      /** The service's log lines (journal, files), oldest first; with follow, waits for new ones until you stop iterating. */
      logs(opts = {}) {
        return {
          [Symbol.asyncIterator]: () => {
            let inner;
            return {
              next: async () => (inner ??= (await this.call((mgr, cfg) => mgr.logs(cfg, opts)))[Symbol.asyncIterator]()).next(),
              return: async (value) => await inner?.return?.(value) ?? { done: true, value: void 0 }
            };
          }
        };
      }
      /** The service side: call start, wait for the manager's stop signal, call stop. Resolves once stopped. */
      async run(opts = {}) {
        if (!this.program)
          throw new InvalidArgumentError("run() needs a program with start and stop");
        const cfg = await this.cfg();
        const record = interactiveCached() ? void 0 : this.record();
        const ctx = {
          service: this,
          program: this.program,
          notifier: record?.notifier(this.env()),
          logger: this.logger(),
          stopTimeoutMs: cfg.stopTimeoutSec * 1e3,
          reloadSignal: cfg.reloadSignal ?? "SIGHUP"
        };
        if (record?.runner)
          await record.runner(ctx, cfg.name, opts);
        else
          await runPosix(ctx, opts);
      }
      /** Console (stderr) when interactive, the system log otherwise. */
      logger(onError) {
        return interactiveCached() ? consoleLogger(this.name, onError) : this.systemLogger(onError);
      }
      /** The system log of the platform (journald, syslog, event log), whether interactive or not. */
      systemLogger(onError) {
        return this.record().systemLogger(this.name, onError);
      }
    };
  }
});

// build/lib/apply.js
var apply_exports = {};
__export(apply_exports, {
  apply: () => apply,
  checkManifest: () => checkManifest,
  loadManifest: () => loadManifest
});
function checkManifest(manifest, userService, paths = "posix") {
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest))
    throw new InvalidConfigError("manifest", 'must be an object with a "services" array');
  for (const k of Object.keys(manifest))
    if (!MANIFEST_KEYS.includes(k))
      throw new InvalidConfigError(k, `unknown key (a manifest has ${MANIFEST_KEYS.join(", ")})`);
  const services = manifest.services;
  if (!Array.isArray(services))
    throw new InvalidConfigError("services", "must be an array of service configs");
  const seen = /* @__PURE__ */ new Set();
  return services.map((s, i) => {
    const at = (field) => `services[${i}]${typeof s?.name === "string" ? ` (${s.name})` : ""}.${field}`;
    try {
      if (typeof s !== "object" || s === null || Array.isArray(s))
        throw new InvalidConfigError("config", "must be an object");
      const c = s;
      if (c.executable === void 0)
        throw new InvalidConfigError("executable", "is required in a manifest (the program to run, an absolute path)");
      if (c.userService !== void 0 && c.userService !== userService) {
        throw new InvalidConfigError("userService", `says ${String(c.userService)}, but this apply is for ${userService ? "user" : "system"} services`);
      }
      const cfg = { ...c, userService, workingDirectory: c.workingDirectory ?? (paths === "posix" ? "/" : "C:\\") };
      resolveConfig(cfg, { execPath: "/", cwd: "/", home: "/", paths });
      if (seen.has(cfg.name))
        throw new InvalidConfigError("name", `${cfg.name} is listed twice`);
      seen.add(cfg.name);
      return cfg;
    } catch (e) {
      if (e instanceof InvalidConfigError)
        throw new InvalidConfigError(at(e.field), e.message.replace(/^invalid [^:]*: /, ""), { cause: e });
      throw e;
    }
  });
}
async function apply(manifest, opts = {}) {
  const userService = opts.userService ?? false;
  const platform2 = opts.platform ?? currentPlatform();
  const configs = checkManifest(manifest, userService, recordOf(platform2).paths);
  const serviceOpts = { platform: platform2, ...opts.env === void 0 ? {} : { env: opts.env } };
  const work = [];
  for (const config of configs) {
    const svc = new Service(null, config, serviceOpts);
    const plan = await svc.plan();
    work.push({ svc, entry: { name: svc.name, action: plan.action, changes: plan.changes } });
  }
  if (opts.prune) {
    const mgr = await recordOf(platform2).manager(void 0, opts.env ?? process.env);
    const listed = new Set(configs.map((c) => c.name));
    for (const d of await mgr.list(userService)) {
      if (listed.has(d.name))
        continue;
      work.push({ svc: new Service(null, { name: d.name, userService }, serviceOpts), entry: { name: d.name, action: "remove", changes: [] } });
    }
  }
  const entries = work.map((w) => w.entry);
  if (opts.dryRun)
    return { changed: entries.some((e) => e.action !== "unchanged"), dryRun: true, services: entries };
  const settle = opts.settleMs === void 0 ? {} : { settleMs: opts.settleMs };
  const signal = opts.signal === void 0 ? {} : { signal: opts.signal };
  for (const { svc, entry } of work) {
    if (opts.signal?.aborted) {
      entry.error = { code: "ERR_INTERRUPTED", message: "not applied: interrupted" };
      continue;
    }
    try {
      if (entry.action === "create")
        await svc.install({ start: true, ...settle, ...signal });
      else if (entry.action === "update")
        await svc.update({ ...settle, ...signal });
      else if (entry.action === "remove")
        await svc.uninstall();
    } catch (e) {
      entry.error = { code: e instanceof ServiceError ? e.code : "ERR_UNEXPECTED", message: e instanceof Error ? e.message : String(e) };
    }
  }
  return { changed: entries.some((e) => e.action !== "unchanged" && e.error === void 0), dryRun: false, services: entries };
}
async function loadManifest(file, host = realHost) {
  const abs = import_node_path19.default.resolve(file);
  const euid = host.euid();
  if (euid !== void 0)
    await checkTrustedFile(host, "manifest", abs, euid);
  if (/\.(mjs|js)$/.test(abs)) {
    const mod = await import((0, import_node_url2.pathToFileURL)(abs).href);
    if (mod.default === void 0)
      throw new InvalidConfigError("manifest", `${file} has no default export`);
    return mod.default;
  }
  if (!abs.endsWith(".json"))
    throw new InvalidArgumentError(`${file}: a manifest is a .json file or an ES module (.mjs, .js)`);
  const text = Buffer.from(await host.readFileNoFollow(abs)).toString("utf8");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InvalidConfigError("manifest", `${file} is not valid JSON: ${e.message}`, { cause: e });
  }
}
var import_node_path19, import_node_url2, MANIFEST_KEYS;
var init_apply = __esm({
  "build/lib/apply.js"() {
    "use strict";
    import_node_path19 = __toESM(require("node:path"), 1);
    import_node_url2 = require("node:url");
    init_config();
    init_errors();
    init_platforms();
    init_service();
    init_host();
    init_trust();
    MANIFEST_KEYS = ["services", "$schema"];
  }
});

// build/lib/index.js
function createService(program, config, options) {
  return new Service(program, config, options);
}
async function apply2(manifest, opts) {
  return (await Promise.resolve().then(() => (init_apply(), apply_exports))).apply(manifest, opts);
}
async function loadManifest2(file) {
  return (await Promise.resolve().then(() => (init_apply(), apply_exports))).loadManifest(file);
}
function platform() {
  return currentPlatform();
}
async function listServices(opts = {}) {
  const mgr = await recordOf(opts.platform ?? currentPlatform()).manager(void 0, opts.env ?? process.env);
  return mgr.list(opts.userService ?? false);
}
var init_index = __esm({
  "build/lib/index.js"() {
    "use strict";
    init_errors();
    init_platforms();
    init_service();
    init_errors();
    init_logger();
    prepareProcess();
  }
});

// build/lib/cli/args.js
function parse(argv) {
  return (0, import_node_util2.parseArgs)({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}
function parseCli(argv) {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (e) {
    const code2 = e.code;
    const hint = code2 === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? " (put the program and its arguments after --)" : "";
    throw new InvalidArgumentError(`${e.message}${hint}`, { cause: e });
  }
  const { values, positionals } = parsed;
  if (values.help)
    return { verb: "help", values, positionals: [] };
  if (values.version)
    return { verb: "version", values, positionals: [] };
  const [first, ...rest] = positionals;
  if (first === void 0)
    return { verb: "help", values, positionals: [] };
  if (!VERBS.includes(first))
    throw new InvalidArgumentError(`unknown command ${JSON.stringify(first)}; see servicekit --help`);
  const verb = first;
  for (const k of Object.keys(values)) {
    if (!ALLOWED2[verb].includes(k) && !COMMON.includes(k))
      throw new InvalidArgumentError(`--${k} does not apply to ${verb}`);
  }
  if (verb === "install" || verb === "render") {
    if (!values.name)
      throw new InvalidArgumentError(`${verb} needs --name NAME`);
    if (rest.length === 0)
      throw new InvalidArgumentError(`${verb} needs the program to run: ${verb} --name NAME -- COMMAND [ARG]...`);
  } else if (verb === "update") {
    if (values.name)
      return { verb, values, positionals: rest };
    const [name, ...command] = rest;
    if (name === void 0)
      throw new InvalidArgumentError("update needs the service: update NAME [options] [-- COMMAND [ARG]...]");
    return { verb, values: { ...values, name }, positionals: command };
  } else if (verb === "apply") {
    if (rest.length !== 1)
      throw new InvalidArgumentError("apply takes one manifest file: apply FILE [--prune] [--dry-run] [--json]");
  } else if (["uninstall", "start", "stop", "restart", "enable", "disable", "status", "logs"].includes(verb)) {
    if (rest.length !== 1)
      throw new InvalidArgumentError(`${verb} takes exactly one service name`);
  } else if (rest.length) {
    throw new InvalidArgumentError(`${verb} takes no arguments`);
  }
  return { verb, values, positionals: rest };
}
function setVariable2(out, k, v) {
  Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
}
function parseEnv(items, env) {
  const out = {};
  for (const item of items ?? []) {
    const i = item.indexOf("=");
    if (i === 0)
      throw new InvalidArgumentError(`--env ${JSON.stringify(item)}: missing variable name`);
    if (i < 0) {
      const v = env[item];
      if (v === void 0)
        throw new InvalidArgumentError(`--env ${item}: not set in this environment (use --env ${item}=VALUE)`);
      setVariable2(out, item, v);
    } else {
      setVariable2(out, item.slice(0, i), item.slice(i + 1));
    }
  }
  return out;
}
function parseNumber(flag, v) {
  if (v === void 0)
    return void 0;
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n))
    throw new InvalidArgumentError(`--${flag} takes a number (got ${JSON.stringify(v)})`);
  return n;
}
var import_node_util2, OPTIONS, VERBS, CONFIG_OPTIONS, ALLOWED2, COMMON;
var init_args = __esm({
  "build/lib/cli/args.js"() {
    "use strict";
    import_node_util2 = require("node:util");
    init_index();
    OPTIONS = {
      name: { type: "string" },
      "display-name": { type: "string" },
      description: { type: "string" },
      user: { type: "boolean" },
      linger: { type: "boolean" },
      env: { type: "string", multiple: true },
      "env-file": { type: "string", multiple: true },
      workdir: { type: "string" },
      "run-as": { type: "string" },
      group: { type: "string" },
      "memory-max": { type: "string" },
      "cpu-quota": { type: "string" },
      "limit-nofile": { type: "string" },
      "limit-nproc": { type: "string" },
      "kill-signal": { type: "string" },
      "stop-timeout": { type: "string" },
      restart: { type: "string" },
      "restart-sec": { type: "string" },
      type: { type: "string" },
      dependency: { type: "string", multiple: true },
      "log-output": { type: "boolean" },
      "log-dir": { type: "string" },
      template: { type: "string" },
      start: { type: "boolean" },
      "no-enable": { type: "boolean" },
      "no-restart": { type: "boolean" },
      prune: { type: "boolean" },
      "dry-run": { type: "boolean" },
      purge: { type: "boolean" },
      "settle-ms": { type: "string" },
      "start-type": { type: "string" },
      "delayed-start": { type: "boolean" },
      "password-env": { type: "string" },
      "smf-prefix": { type: "string" },
      json: { type: "boolean" },
      watch: { type: "boolean" },
      follow: { type: "boolean", short: "f" },
      lines: { type: "string", short: "n" },
      system: { type: "string" },
      debug: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean" }
    };
    VERBS = ["install", "update", "apply", "render", "uninstall", "start", "stop", "restart", "enable", "disable", "status", "logs", "list", "platform", "help", "version"];
    CONFIG_OPTIONS = [
      "name",
      "display-name",
      "description",
      "user",
      "linger",
      "env",
      "env-file",
      "workdir",
      "run-as",
      "group",
      "restart",
      "restart-sec",
      "type",
      "dependency",
      "log-output",
      "log-dir",
      "template",
      "memory-max",
      "cpu-quota",
      "limit-nofile",
      "limit-nproc",
      "kill-signal",
      "stop-timeout",
      "start-type",
      "delayed-start",
      "password-env",
      "smf-prefix"
    ];
    ALLOWED2 = {
      install: [...CONFIG_OPTIONS, "start", "settle-ms", "no-enable"],
      update: [...CONFIG_OPTIONS, "settle-ms", "no-restart"],
      render: [...CONFIG_OPTIONS, "no-enable"],
      apply: ["user", "prune", "dry-run", "json", "settle-ms"],
      uninstall: ["user", "purge"],
      start: ["user"],
      stop: ["user"],
      restart: ["user"],
      enable: ["user"],
      disable: ["user"],
      status: ["user", "json", "watch"],
      logs: ["user", "follow", "lines"],
      list: ["user", "json"],
      platform: [],
      help: [],
      version: []
    };
    COMMON = ["system", "debug", "help", "version"];
  }
});

// build/lib/sys/signals.js
var signals_exports = {};
__export(signals_exports, {
  ignoreUntilExit: () => ignoreUntilExit
});
function ignoreUntilExit(sig, listener) {
  if (process.platform === "win32" || process.listeners(sig).some((l) => l !== listener) || !libcAvailable())
    return false;
  const signum = import_node_os5.default.constants.signals[sig];
  if (!ignoreSignal(signum))
    return false;
  process.off(sig, listener);
  if (ignoreSignal(signum))
    return true;
  process.on(sig, listener);
  return false;
}
var import_node_os5;
var init_signals = __esm({
  "build/lib/sys/signals.js"() {
    "use strict";
    import_node_os5 = __toESM(require("node:os"), 1);
    init_libc();
  }
});

// build/lib/cli/plan-text.js
var plan_text_exports = {};
__export(plan_text_exports, {
  printPlan: () => printPlan
});
function fileDiff(c) {
  if (c.secret)
    return `  ${c.path}: readable by its owner only, not shown
`;
  return (0, import_diff.createTwoFilesPatch)(c.before === void 0 ? "/dev/null" : c.path, c.after === void 0 ? "/dev/null" : c.path, c.before ?? "", c.after ?? "", void 0, void 0, { context: 3 }).split("\n").filter((l) => !l.startsWith("=====") && !l.startsWith("Index: ")).join("\n");
}
function entryText(e, dryRun) {
  const head = `${dryRun ? e.action : e.error ? `failed to ${e.action}` : VERB[e.action]} ${e.name}
`;
  return dryRun ? head + e.changes.map(fileDiff).join("") : head;
}
function printPlan(r) {
  const count = (a) => r.services.filter((s) => s.action === a && !s.error).length;
  const changes = ["create", "update", "remove"].map((a) => [a, count(a)]).filter(([, n]) => n > 0);
  const summary = changes.length ? `${r.dryRun ? "would change" : "changed"}: ${changes.map(([a, n]) => `${n} ${r.dryRun ? a : VERB[a]}`).join(", ")}; ${count("unchanged")} unchanged` : `nothing to change (${count("unchanged")} unchanged)`;
  return r.services.map((e) => entryText(e, r.dryRun)).join("") + summary + "\n";
}
var import_diff, VERB;
var init_plan_text = __esm({
  "build/lib/cli/plan-text.js"() {
    "use strict";
    import_diff = require("diff");
    VERB = { create: "created", update: "updated", remove: "removed", unchanged: "unchanged" };
  }
});

// build/lib/cli/usage.js
var usage_exports = {};
__export(usage_exports, {
  USAGE: () => USAGE
});
var USAGE;
var init_usage = __esm({
  "build/lib/cli/usage.js"() {
    "use strict";
    USAGE = `servicekit \u2014 run any program as a native OS service

Usage:
  servicekit install --name NAME [options] [--start] -- COMMAND [ARG]...
  servicekit render  --name NAME [options] -- COMMAND [ARG]...   print what install would write
  servicekit update NAME [options] [--no-restart] [-- COMMAND [ARG]...]
                                              change an installed service: only what is given changes
                                              (--env K=V adds or changes K); restarts it if it ran
  servicekit apply FILE [--user] [--prune] [--dry-run] [--json]
                                              make the services what FILE lists ({"services": [config\u2026]},
                                              JSON or an ES module): create, update, leave, and with
                                              --prune remove servicekit's own services not listed;
                                              --dry-run prints the plan with each file's diff
  servicekit uninstall NAME [--user] [--purge] --purge: its log files too (else kept, and said where)
  servicekit start|stop|restart NAME [--user]
  servicekit enable|disable NAME [--user]     start at boot (login) or not; neither starts nor stops it
  servicekit status NAME [--user] [--json] [--watch]
                                              exit 0 running, 3 any other state, 4 not installed;
                                              --watch: a line per change until Ctrl-C
  servicekit logs NAME [--user] [-f] [-n N]
  servicekit list [--user] [--json]           the services servicekit installed, with their state
  servicekit platform                         print the detected service manager

Install options:
  --name NAME              service name (letters, digits, _ . -)
  --display-name S         display name
  --description S          description
  --user                   per-user service (systemd --user) instead of a system service
  --linger                 with --user: keep the user's services running without a login
                           (loginctl enable-linger); without it install warns when lingering is off
  --env K=V                environment variable, repeatable; --env K copies K from this environment
  --env-file PATH          variables from a file in systemd's EnvironmentFile syntax, repeatable
                           (systemd reads it at each start; other managers at install and update)
  --workdir DIR            working directory (default: the current directory)
  --run-as USER            account to run as (system services)
  --group GROUP            group to run as (system services)
  --restart POLICY         always | on-failure | no (default always)
  --restart-sec N          seconds before a restart (default 1)
  --type TYPE              systemd: notify (program calls run()) | exec (default) | simple
  --dependency NAME        a service this one needs, repeatable
  --log-output             write stdout/stderr to files instead of the journal
  --log-dir DIR            directory for those files
  --template FILE          a custom template for the service file (Mustache, variables only;
                           see the README for each platform's variables)
  --memory-max SIZE        most memory it may use: bytes, or 512M, 2G (systemd only)
  --cpu-quota PERCENT      CPU time in percent of one CPU: 50, 200 (systemd only)
  --limit-nofile N         open files (N or infinity)
  --limit-nproc N          processes of its user (N or infinity)
  --kill-signal SIG        the signal that stops it (default SIGTERM)
  --stop-timeout SEC       how long its stop may take before it is killed (default 20, plus 10)
  --no-enable              do not start it at boot (servicekit enable NAME does, later)
  --start                  start after installing; fail and roll back if it does not come up
  --settle-ms N            with --start: how long it must stay up to count as started (default 1500)
  --start-type TYPE        Windows: automatic (default) | manual | disabled
  --delayed-start          Windows: delayed automatic start
  --password-env VAR       Windows: the --run-as account's password, read from variable VAR
                           (never from the command line)
  --smf-prefix PREFIX      Solaris SMF: the FMRI's category, svc:/PREFIX/NAME (default application)

Common options:
  --system PLATFORM        force a service manager (e.g. linux-systemd)
  --debug                  print stack traces
  -h, --help               this text
  --version                print the version

A COMMAND ending in .js, .mjs or .cjs runs with this Node (${process.execPath}).`;
  }
});

// build/lib/cli/command.js
var command_exports = {};
__export(command_exports, {
  realCommandHost: () => realCommandHost,
  resolveCommand: () => resolveCommand
});
function isExecutable(file, os5) {
  try {
    if (!(0, import_node_fs8.statSync)(file).isFile())
      return false;
    if (os5 !== "win32")
      (0, import_node_fs8.accessSync)(file, import_node_fs8.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
function realCommandHost() {
  return { os: process.platform, env: process.env, cwd: process.cwd(), execPath: process.execPath, isExecutable };
}
function getVar(env, name, os5) {
  if (os5 !== "win32")
    return env[name];
  const key = Object.keys(env).find((k) => k.toUpperCase() === name);
  return key === void 0 ? void 0 : env[key];
}
function candidateNames(cmd, env, os5) {
  if (os5 !== "win32")
    return [cmd];
  const exts = (getVar(env, "PATHEXT", os5) || DEFAULT_PATHEXT).split(";").filter(Boolean);
  const ext = import_node_path20.default.win32.extname(cmd).toUpperCase();
  if (ext && exts.some((e) => e.toUpperCase() === ext))
    return [cmd];
  return [...exts.map((e) => cmd + e.toLowerCase()), ...ext ? [cmd] : []];
}
function isPath(cmd, os5) {
  return os5 === "win32" ? /[\\/]|^[A-Za-z]:/.test(cmd) : cmd.includes("/");
}
function search(cmd, h) {
  const p = h.os === "win32" ? import_node_path20.default.win32 : import_node_path20.default.posix;
  for (const dir of (getVar(h.env, "PATH", h.os) ?? "").split(p.delimiter)) {
    if (!dir)
      continue;
    for (const name of candidateNames(cmd, h.env, h.os)) {
      const file = p.resolve(h.cwd, dir, name);
      if (h.isExecutable(file, h.os))
        return file;
    }
  }
  return void 0;
}
function resolveCommand(cmd, args, h = realCommandHost()) {
  const p = h.os === "win32" ? import_node_path20.default.win32 : import_node_path20.default.posix;
  let file = isPath(cmd, h.os) ? p.resolve(h.cwd, cmd) : search(cmd, h);
  if (file === void 0 && NODE_SCRIPT.test(cmd))
    file = p.resolve(h.cwd, cmd);
  if (file === void 0)
    throw new InvalidArgumentError(`command ${JSON.stringify(cmd)} was not found on PATH`);
  if (NODE_SCRIPT.test(file))
    return { executable: h.execPath, arguments: [file, ...args] };
  return { executable: file, arguments: args };
}
var import_node_fs8, import_node_path20, NODE_SCRIPT, DEFAULT_PATHEXT;
var init_command = __esm({
  "build/lib/cli/command.js"() {
    "use strict";
    import_node_fs8 = require("node:fs");
    import_node_path20 = __toESM(require("node:path"), 1);
    init_index();
    NODE_SCRIPT = /\.(c|m)?js$/i;
    DEFAULT_PATHEXT = ".COM;.EXE;.BAT;.CMD";
  }
});

// build/lib/cli/config-from-cli.js
var config_from_cli_exports = {};
__export(config_from_cli_exports, {
  configFromCli: () => configFromCli,
  updatedConfig: () => updatedConfig
});
async function configFromCli(p, foreign, partial = false) {
  const v = p.values;
  const [cmd, ...args] = p.positionals;
  const here = (dir) => foreign ? dir : import_node_path21.default.resolve(dir);
  const cfg = { name: v.name };
  if (cmd !== void 0) {
    const { resolveCommand: resolveCommand2 } = await Promise.resolve().then(() => (init_command(), command_exports));
    const program = foreign ? { executable: cmd, arguments: args } : resolveCommand2(cmd, args);
    cfg.executable = program.executable;
    cfg.arguments = program.arguments;
  }
  if (v["display-name"] !== void 0)
    cfg.displayName = v["display-name"];
  if (v.description !== void 0)
    cfg.description = v.description;
  if (v.user)
    cfg.userService = true;
  if (v.linger)
    cfg.linger = true;
  if (v.env)
    cfg.env = parseEnv(v.env, process.env);
  if (v["env-file"])
    cfg.environmentFile = v["env-file"].map(here);
  if (v.workdir !== void 0)
    cfg.workingDirectory = here(v.workdir);
  else if (!foreign && !partial)
    cfg.workingDirectory = process.cwd();
  if (v["run-as"] !== void 0)
    cfg.userName = v["run-as"];
  if (v.group !== void 0)
    cfg.groupName = v.group;
  if (v["kill-signal"] !== void 0)
    cfg.killSignal = v["kill-signal"];
  const stopTimeout = parseNumber("stop-timeout", v["stop-timeout"]);
  if (stopTimeout !== void 0)
    cfg.stopTimeoutSec = stopTimeout;
  const limits = limitsFromCli(v);
  if (Object.keys(limits).length)
    cfg.limits = limits;
  if (v.restart !== void 0)
    cfg.restart = v.restart;
  const rs = parseNumber("restart-sec", v["restart-sec"]);
  if (rs !== void 0)
    cfg.restartSec = rs;
  if (v.type !== void 0)
    cfg.systemd = { type: v.type };
  if (v.dependency)
    cfg.dependencies = v.dependency;
  if (v["log-output"])
    cfg.logOutput = true;
  if (v["log-dir"] !== void 0)
    cfg.logDirectory = here(v["log-dir"]);
  if (v.template !== void 0)
    cfg.template = readTemplate(v.template);
  const windows2 = {};
  if (v["start-type"] !== void 0)
    windows2.startType = v["start-type"];
  if (v["delayed-start"])
    windows2.delayedAutoStart = true;
  if (v["password-env"] !== void 0) {
    if (v["run-as"] === void 0)
      throw new InvalidArgumentError("--password-env is the password of the --run-as account: give --run-as too");
    const pw = process.env[v["password-env"]];
    if (pw === void 0)
      throw new InvalidArgumentError(`--password-env ${v["password-env"]}: not set in this environment`);
    windows2.password = pw;
  }
  if (Object.keys(windows2).length)
    cfg.windows = windows2;
  if (v["smf-prefix"] !== void 0)
    cfg.smf = { prefix: v["smf-prefix"] };
  if (v["no-enable"])
    cfg.enabled = false;
  return cfg;
}
function mergeConfig(stored, given) {
  const out = { ...stored, ...given };
  for (const k of MERGED) {
    if (stored[k] !== void 0 && given[k] !== void 0)
      out[k] = { ...stored[k], ...given[k] };
  }
  return out;
}
async function updatedConfig(p) {
  const name = p.values.name;
  const stored = await createService(null, { name, ...p.values.user ? { userService: true } : {} }).installedConfig();
  if (stored?.complete)
    return mergeConfig(stored.config, await configFromCli(p, false, true));
  if (p.positionals.length)
    return configFromCli(p, false);
  const why = stored ? "part of its stored configuration could not be stored (a template function)" : "it has no stored configuration (installed by an earlier servicekit)";
  throw new InvalidArgumentError(`${name}: ${why}; give the whole configuration: update --name ${name} [options] -- COMMAND [ARG]...`);
}
function limitsFromCli(v) {
  const count = (flag, s) => s === void 0 || s === "infinity" ? s : parseNumber(flag, s);
  const limits = {};
  if (v["memory-max"] !== void 0)
    limits.memoryMax = /^\d+$/.test(v["memory-max"]) ? Number(v["memory-max"]) : v["memory-max"];
  const cpu = parseNumber("cpu-quota", v["cpu-quota"]?.replace(/%$/, ""));
  if (cpu !== void 0)
    limits.cpuQuota = cpu;
  const nofile = count("limit-nofile", v["limit-nofile"]);
  if (nofile !== void 0)
    limits.openFiles = nofile;
  const nproc = count("limit-nproc", v["limit-nproc"]);
  if (nproc !== void 0)
    limits.processes = nproc;
  return limits;
}
function readTemplate(file) {
  try {
    return (0, import_node_fs9.readFileSync)(file, "utf8");
  } catch (e) {
    throw new InvalidArgumentError(`--template ${file}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
var import_node_fs9, import_node_path21, MERGED;
var init_config_from_cli = __esm({
  "build/lib/cli/config-from-cli.js"() {
    "use strict";
    import_node_fs9 = require("node:fs");
    import_node_path21 = __toESM(require("node:path"), 1);
    init_index();
    init_args();
    MERGED = ["env", "limits", "systemd", "launchd", "windows", "smf", "templates"];
  }
});

// build/lib/cli/main.js
var import_node_fs10 = require("node:fs");
var import_node_path22 = __toESM(require("node:path"), 1);
var import_node_url3 = require("node:url");
init_index();
init_args();
var EXIT2 = { ok: 0, error: 1, usage: 2, stopped: 3, notInstalled: 4 };
var INTERRUPTS = ["SIGINT", "SIGTERM", "SIGHUP"];
async function uninterrupted(fn) {
  ignoreLateSignals();
  const ac = new AbortController();
  let received;
  const on = (sig) => {
    received ??= sig;
    ac.abort(new Error(sig));
  };
  for (const s of INTERRUPTS)
    process.on(s, on);
  try {
    const code2 = await fn(ac.signal);
    return received === void 0 || code2 === EXIT2.ok ? code2 : signalExit(received);
  } catch (e) {
    if (received === void 0)
      throw e;
    throw new SignalExit(signalExit(received), e);
  } finally {
    for (const s of INTERRUPTS)
      process.off(s, on);
  }
}
var ignore = () => void 0;
var lateSignalsIgnored = false;
function ignoreLateSignals() {
  if (lateSignalsIgnored)
    return;
  lateSignalsIgnored = true;
  for (const s of INTERRUPTS)
    process.on(s, ignore);
}
async function endCommand() {
  if (!lateSignalsIgnored)
    return;
  const { ignoreUntilExit: ignoreUntilExit2 } = await Promise.resolve().then(() => (init_signals(), signals_exports));
  for (const s of INTERRUPTS)
    ignoreUntilExit2(s, ignore);
}
var SignalExit = class extends Error {
  code;
  error;
  constructor(code2, error) {
    super(`interrupted (exit ${code2})`, { cause: error });
    this.code = code2;
    this.error = error;
  }
};
function signalExit(sig) {
  return 128 + (process.getBuiltinModule("node:os").constants.signals[sig] ?? 0);
}
function version() {
  for (let dir = import_node_path22.default.dirname((0, import_node_url3.fileURLToPath)(__importMetaUrl)); ; dir = import_node_path22.default.dirname(dir)) {
    try {
      const pkg = JSON.parse((0, import_node_fs10.readFileSync)(import_node_path22.default.join(dir, "package.json"), "utf8"));
      if (pkg.name === "servicekit" && pkg.version)
        return pkg.version;
    } catch {
    }
    if (import_node_path22.default.dirname(dir) === dir)
      return "unknown";
  }
}
async function applyCommand(p, out, err) {
  const manifest = await loadManifest2(p.positionals[0]);
  const settleMs = parseNumber("settle-ms", p.values["settle-ms"]);
  return uninterrupted(async (signal) => {
    const r = await apply2(manifest, { userService: Boolean(p.values.user), prune: Boolean(p.values.prune), dryRun: Boolean(p.values["dry-run"]), signal, ...settleMs === void 0 ? {} : { settleMs } });
    const failed = r.services.filter((s) => s.error);
    if (p.values.json) {
      out.write(JSON.stringify(r) + "\n");
    } else {
      const { printPlan: printPlan2 } = await Promise.resolve().then(() => (init_plan_text(), plan_text_exports));
      out.write(printPlan2(r));
      for (const s of failed)
        err.write(`servicekit: ${s.name}: ${s.error.message} [${s.error.code}]
`);
    }
    return failed.length ? EXIT2.error : EXIT2.ok;
  });
}
function statusJson(d) {
  return { name: d.name, platform: d.platform, state: d.state, pid: d.pid ?? null, enabled: d.enabled ?? null };
}
function statusLine(d) {
  const extra = [d.pid ? `pid ${d.pid}` : "", d.enabled === void 0 ? "" : d.enabled ? "enabled" : "disabled"].filter(Boolean).join(", ");
  return `${d.name}: ${d.state === "not-installed" ? "not installed" : d.state}${extra ? ` (${extra})` : ""}
`;
}
async function list(userService, json, out) {
  const all = await listServices({ userService });
  out.write(json ? JSON.stringify(all.map(statusJson)) + "\n" : all.map(statusLine).join(""));
  return EXIT2.ok;
}
function statusExit(d) {
  if (d.state === "running")
    return EXIT2.ok;
  return d.state === "not-installed" ? EXIT2.notInstalled : EXIT2.stopped;
}
async function status(svc, json, out) {
  const d = await svc.statusDetail();
  out.write(json ? JSON.stringify(statusJson(d)) + "\n" : statusLine(d));
  return statusExit(d);
}
async function watchStatus(svc, json, out) {
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  let last;
  try {
    for await (const d of svc.watch({ signal: ac.signal })) {
      last = d;
      out.write(json ? JSON.stringify({ ...statusJson(d), at: (/* @__PURE__ */ new Date()).toISOString() }) + "\n" : `${(/* @__PURE__ */ new Date()).toISOString()} ${statusLine(d)}`);
    }
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
  return last === void 0 ? EXIT2.stopped : statusExit(last);
}
async function main(argv, out = process.stdout, err = process.stderr) {
  let debug = argv.includes("--debug");
  try {
    const p = parseCli(argv);
    debug = Boolean(p.values.debug);
    const system = p.values.system;
    const foreign = p.verb === "render" && system !== void 0 && !availableSystems().includes(system);
    if (system && !foreign)
      chooseSystem(system);
    switch (p.verb) {
      case "help":
        out.write((await Promise.resolve().then(() => (init_usage(), usage_exports))).USAGE + "\n");
        return EXIT2.ok;
      case "version":
        out.write(version() + "\n");
        return EXIT2.ok;
      case "platform":
        out.write(platform() + "\n");
        return EXIT2.ok;
      case "list":
        return await list(Boolean(p.values.user), Boolean(p.values.json), out);
      case "apply":
        return await applyCommand(p, out, err);
      case "update": {
        const svc = createService(null, await (await Promise.resolve().then(() => (init_config_from_cli(), config_from_cli_exports))).updatedConfig(p));
        const settleMs = parseNumber("settle-ms", p.values["settle-ms"]);
        return await uninterrupted(async (signal) => {
          const r = await svc.update({ restart: !p.values["no-restart"], signal, ...settleMs === void 0 ? {} : { settleMs } });
          out.write(r.changed ? `updated ${svc.name}${r.restarted ? " and restarted it" : ""}
` : `${svc.name} unchanged
`);
          return EXIT2.ok;
        });
      }
      case "install":
      case "render": {
        const { configFromCli: configFromCli2 } = await Promise.resolve().then(() => (init_config_from_cli(), config_from_cli_exports));
        const svc = createService(null, await configFromCli2(p, foreign), foreign ? { platform: system } : void 0);
        if (p.verb === "render") {
          for (const f of await svc.render())
            out.write(`# ${f.path} (mode ${f.mode.toString(8)})
${f.content}`);
          return EXIT2.ok;
        }
        return await uninterrupted(async (signal) => {
          const settleMs = parseNumber("settle-ms", p.values["settle-ms"]);
          if (settleMs !== void 0 && !p.values.start)
            throw new InvalidArgumentError("--settle-ms applies to --start");
          const r = await svc.install({ start: Boolean(p.values.start), signal, ...settleMs === void 0 ? {} : { settleMs } });
          out.write(`installed ${svc.name}${p.values.start ? " and started it" : ""} (${svc.platform()})
`);
          for (const w of r.warnings)
            err.write(`servicekit: warning: ${w}
`);
          return EXIT2.ok;
        });
      }
      default: {
        const svc = createService(null, { name: p.positionals[0], ...p.values.user ? { userService: true } : {} });
        switch (p.verb) {
          case "status":
            if (p.values.watch)
              return await watchStatus(svc, Boolean(p.values.json), out);
            return await status(svc, Boolean(p.values.json), out);
          case "logs": {
            const n = parseNumber("lines", p.values.lines);
            for await (const line of svc.logs({ follow: Boolean(p.values.follow), ...n === void 0 ? {} : { lines: n } }))
              out.write(line + "\n");
            return EXIT2.ok;
          }
          case "uninstall":
            return await uninterrupted(async () => {
              const r = await svc.uninstall({ purge: Boolean(p.values.purge) });
              out.write(`uninstalled ${svc.name}
`);
              if (r.logs.length)
                out.write(r.purged ? `removed its logs: ${r.logs.join(" ")}
` : `its logs are kept: ${r.logs.join(" ")} (uninstall --purge removes them)
`);
              return EXIT2.ok;
            });
          default:
            await svc[p.verb]();
            out.write(`${p.verb === "stop" ? "stopped" : p.verb.endsWith("e") ? p.verb + "d" : p.verb + "ed"} ${svc.name}
`);
            return EXIT2.ok;
        }
      }
    }
  } catch (caught) {
    const e = caught instanceof SignalExit ? caught.error : caught;
    const code2 = e instanceof ServiceError ? e.code : "ERR_UNEXPECTED";
    err.write(`servicekit: ${e instanceof Error ? e.message : String(e)} [${code2}]
`);
    if (debug && e instanceof Error) {
      err.write(`${e.stack}
`);
      if (e.cause)
        err.write(`cause: ${e.cause instanceof Error ? e.cause.stack : String(e.cause)}
`);
    }
    if (caught instanceof SignalExit)
      return caught.code;
    if (e instanceof ServiceError && e.code === "ERR_NOT_INSTALLED")
      return EXIT2.notInstalled;
    return e instanceof InvalidArgumentError ? EXIT2.usage : EXIT2.error;
  }
}

// build/lib/cli/bin-cjs.js
main(process.argv.slice(2)).then((c) => {
  process.exitCode = c;
  return endCommand();
});
