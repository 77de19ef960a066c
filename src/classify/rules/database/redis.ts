// Redis commands (arguments, stdin lines, Lua scripts): which delete keys, flush the dataset or administer the server.
import type { Effect, Kind } from "./types.js";

const REDIS_READS = new Set([
  "GET", "MGET", "GETRANGE", "STRLEN", "EXISTS", "TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME", "TYPE", "KEYS", "SCAN", "SSCAN", "HSCAN", "ZSCAN", "RANDOMKEY", "DBSIZE",
  "PING", "ECHO", "INFO", "TIME", "LASTSAVE", "ROLE", "MONITOR", "HGET", "HMGET", "HGETALL", "HKEYS", "HVALS", "HLEN", "HEXISTS", "HSTRLEN", "HRANDFIELD",
  "LRANGE", "LLEN", "LINDEX", "LPOS", "SMEMBERS", "SCARD", "SISMEMBER", "SMISMEMBER", "SRANDMEMBER", "SINTER", "SUNION", "SDIFF", "SINTERCARD", "ZRANGE", "ZREVRANGE",
  "ZRANGEBYSCORE", "ZREVRANGEBYSCORE", "ZRANGEBYLEX", "ZREVRANGEBYLEX", "ZCARD", "ZSCORE", "ZMSCORE", "ZRANK", "ZREVRANK", "ZCOUNT", "ZLEXCOUNT", "ZRANDMEMBER",
  "ZINTER", "ZUNION", "ZDIFF", "ZINTERCARD", "XRANGE", "XREVRANGE", "XREAD", "XLEN", "XINFO", "XPENDING", "GEOPOS", "GEODIST", "GEOHASH", "GEORADIUS_RO",
  "GEORADIUSBYMEMBER_RO", "GEOSEARCH", "BITCOUNT", "BITPOS", "GETBIT", "BITFIELD_RO", "PFCOUNT", "OBJECT", "MEMORY", "SLOWLOG", "LATENCY", "COMMAND", "DUMP",
  "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "PUBSUB", "AUTH", "HELLO", "SELECT", "QUIT", "RESET", "READONLY", "READWRITE", "WAIT",
  "WAITAOF", "SAVE", "BGSAVE", "BGREWRITEAOF", "LOLWUT", "SORT_RO", "EVAL_RO", "EVALSHA_RO", "FCALL_RO", "JSON.GET", "JSON.MGET", "JSON.TYPE", "JSON.STRLEN",
  "JSON.OBJKEYS", "JSON.OBJLEN", "JSON.ARRLEN", "FT.SEARCH", "FT.AGGREGATE", "FT.INFO", "FT._LIST", "TS.GET", "TS.MGET", "TS.RANGE", "TS.MRANGE", "TS.INFO",
  "MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH", "SUBSTR", "GETEX",
]);

/** Sub-commands of container commands (CONFIG, CLUSTER, ACL, CLIENT, SCRIPT, FUNCTION, MODULE) that only read. */
const REDIS_READ_SUBS = new Set(["GET", "INFO", "NODES", "SLOTS", "SHARDS", "MYID", "MYSHARDID", "KEYSLOT", "COUNTKEYSINSLOT", "GETKEYSINSLOT", "LINKS", "LIST", "WHOAMI", "GETUSER", "CAT", "LOG", "USERS", "DRYRUN", "GENPASS", "ID", "GETNAME", "GETREDIR", "TRACKINGINFO", "NO-EVICT", "NO-TOUCH", "SETNAME", "SETINFO", "EXISTS", "STATS", "DUMP", "HELP", "COUNT-FAILURE-REPORTS", "REPLICAS", "SLAVES"]);

export function classifyRedis(words: (string | undefined)[], text: string): Effect[] {
  const [head, ...rest] = words;
  if (head === undefined) return [{ kind: "dynamic", verb: "redis command", text }];
  const cmd = head.toUpperCase();
  const sub = rest[0]?.toUpperCase();
  const e = (kind: Kind, verb: string, extra: Partial<Effect> = {}): Effect[] => [{ kind, verb, text, ...extra }];
  switch (cmd) {
    case "FLUSHALL":
    case "FLUSHDB":
      return e("flush", cmd);
    case "DEL":
    case "UNLINK":
      // Keys fed from a scan (`--scan | xargs redis-cli DEL`) delete an unknown, usually large, set.
      if (rest.some((k) => k === undefined)) return e("mass-delete", cmd);
      return e("write", cmd, { target: rest.join(" ") });
    case "SHUTDOWN":
      return e("admin", cmd, { severe: true });
    case "DEBUG":
      return sub === "OBJECT" || sub === "HELP" ? [] : e("admin", `DEBUG ${sub ?? ""}`.trim(), { severe: true });
    case "CONFIG":
      if (sub === "GET" || sub === "HELP") return [];
      return e("admin", `CONFIG ${sub ?? ""}`.trim(), { severe: sub === "SET" || sub === "REWRITE" });
    case "SLAVEOF":
    case "REPLICAOF":
      // Becoming a replica replaces the whole dataset with the primary's.
      if (sub === "NO") return e("admin", `${cmd} NO ONE`, { severe: true });
      return e("flush", `${cmd} ${rest.join(" ")}`.trim());
    case "SWAPDB":
    case "FAILOVER":
      return e("admin", cmd, { severe: true });
    case "MODULE":
      if (sub === "LOAD" || sub === "LOADEX") return e("shell", `MODULE ${sub}`);
      return sub === "UNLOAD" ? e("admin", "MODULE UNLOAD", { severe: true }) : [];
    case "SCRIPT":
    case "FUNCTION":
      if (sub === "FLUSH" || sub === "DELETE") return e("drop", `${cmd} ${sub}`);
      if (sub === "KILL") return e("admin", `${cmd} KILL`);
      if (sub === "LOAD" || sub === "RESTORE") return e("write", `${cmd} ${sub}`);
      return [];
    case "ACL":
      if (sub && REDIS_READ_SUBS.has(sub)) return [];
      return e("privilege", `ACL ${sub ?? ""}`.trim(), { severe: sub === "SETUSER" && rest.some((r) => /^(allcommands|\+@all|allkeys|~\*)$/i.test(r ?? "")) });
    case "CLIENT":
      if (sub && REDIS_READ_SUBS.has(sub)) return [];
      return e("admin", `CLIENT ${sub ?? ""}`.trim());
    case "CLUSTER":
      if (sub && REDIS_READ_SUBS.has(sub)) return [];
      return e("admin", `CLUSTER ${sub ?? ""}`.trim(), { severe: /^(RESET|FLUSHSLOTS|FORGET|DELSLOTS|DELSLOTSRANGE|FAILOVER)$/.test(sub ?? "") });
    case "EVAL":
    case "EVALSHA":
    case "FCALL":
      return cmd === "EVAL" && rest[0] !== undefined ? classifyLua(rest[0], text) : e("write", cmd);
    default:
      if (REDIS_READS.has(cmd)) return [];
      return e("write", cmd, { target: rest[0] });
  }
}

/** Redis calls inside a Lua script (EVAL, --eval). */
export function classifyLua(code: string, text: string): Effect[] {
  const out: Effect[] = [];
  const calls = [...code.matchAll(/redis\.p?call\s*\(\s*(['"])([\w.]+)\1/gi)].map((m) => m[2]!.toUpperCase());
  const scans = calls.some((c) => c === "KEYS" || c === "SCAN");
  for (const c of new Set(calls)) {
    if ((c === "DEL" || c === "UNLINK") && (scans || /unpack|for\s/.test(code))) out.push({ kind: "mass-delete", verb: `${c} in a script`, text });
    else out.push(...classifyRedis([c], text));
  }
  if (!calls.length && /redis\.p?call/.test(code)) out.push({ kind: "dynamic", verb: "EVAL", text });
  return out;
}

/** redis-cli reads one command per line on stdin. */
export function redisLines(text: string): (string | undefined)[][] {
  const out: (string | undefined)[][] = [];
  for (const line of text.split("\n")) {
    const words = [...line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
    if (words.length && !words[0]!.startsWith("#")) out.push(words);
  }
  return out;
}
