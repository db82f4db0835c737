"""Go code that cannot contribute to the contract, for the synthetic module (benchmarks/synth.py):
hand-written-looking functions, methods on the package's types, and generated code (controller-gen
deep copies, vtproto marshalling). Every template returns its code and the imports it needs."""

from __future__ import annotations

import random

from gomodel import ENUM_VALUES, NOUNS, VERBS, GoFile, Pkg, StructInfo

# --- noise: functions -------------------------------------------------------------------------------


def _t_dedupe(rng: random.Random, name: str, pkg: Pkg) -> tuple[str, set[str]]:
    what = rng.choice(("tags", "labels", "emails", "region codes", "scopes"))
    return (
        f"// {name} returns the distinct non-empty {what}, lower-cased and sorted.\n"
        f"func {name}(values []string) []string {{\n"
        "\tseen := make(map[string]struct{}, len(values))\n"
        "\tout := make([]string, 0, len(values))\n"
        "\tfor _, v := range values {\n"
        "\t\tv = strings.ToLower(strings.TrimSpace(v))\n"
        '\t\tif v == "" {\n\t\t\tcontinue\n\t\t}\n'
        "\t\tif _, ok := seen[v]; ok {\n\t\t\tcontinue\n\t\t}\n"
        "\t\tseen[v] = struct{}{}\n"
        "\t\tout = append(out, v)\n\t}\n"
        "\tsort.Strings(out)\n\treturn out\n}\n",
        {'"sort"', '"strings"'},
    )


def _t_pairs(rng: random.Random, name: str, pkg: Pkg) -> tuple[str, set[str]]:
    sep = rng.choice((",", ";", "&", "|"))
    limit = rng.choice((32, 64, 128, 256))
    return (
        f'// {name} parses "key=value" pairs separated by "{sep}".\n'
        f"func {name}(s string) (map[string]string, error) {{\n"
        "\tout := make(map[string]string)\n"
        f'\tfor i, part := range strings.Split(s, "{sep}") {{\n'
        "\t\tpart = strings.TrimSpace(part)\n"
        '\t\tif part == "" {\n\t\t\tcontinue\n\t\t}\n'
        '\t\tkey, value, ok := strings.Cut(part, "=")\n'
        "\t\tif !ok {\n"
        f"\t\t\treturn nil, fmt.Errorf(\"{pkg.name}: pair %d (%q) has no '='\", i, part)\n\t\t}}\n"
        f"\t\tif len(key) > {limit} {{\n"
        f'\t\t\treturn nil, fmt.Errorf("{pkg.name}: key %q is longer than {limit} bytes", key)\n\t\t}}\n'
        "\t\tout[key] = value\n\t}\n\treturn out, nil\n}\n",
        {'"fmt"', '"strings"'},
    )


def _t_retry(rng: random.Random, name: str, pkg: Pkg) -> tuple[str, set[str]]:
    attempts, ms, cap = rng.randint(3, 8), rng.choice((25, 50, 100, 200)), rng.choice((2, 5, 10))
    what = rng.choice(("publishing", "syncing", "charging", "delivering", "refreshing"))
    return (
        f"// {name} calls fn until it succeeds, ctx ends or {attempts} attempts have failed.\n"
        f"func {name}(ctx context.Context, fn func(context.Context) error) error {{\n"
        "\tvar err error\n"
        f"\tdelay := {ms} * time.Millisecond\n"
        f"\tfor attempt := 1; attempt <= {attempts}; attempt++ {{\n"
        "\t\tif err = fn(ctx); err == nil {\n\t\t\treturn nil\n\t\t}\n"
        "\t\tselect {\n\t\tcase <-ctx.Done():\n\t\t\treturn ctx.Err()\n\t\tcase <-time.After(delay):\n\t\t}\n"
        "\t\tdelay *= 2\n"
        f"\t\tif delay > {cap}*time.Second {{\n\t\t\tdelay = {cap} * time.Second\n\t\t}}\n\t}}\n"
        f'\treturn fmt.Errorf("{what}: giving up after {attempts} attempts: %w", err)\n}}\n',
        {'"context"', '"fmt"', '"time"'},
    )


def _t_handler(rng: random.Random, name: str, pkg: Pkg) -> tuple[str, set[str]]:
    limit = rng.choice((20, 50, 100))
    return (
        f"// {name} lists the {pkg.name} records of the caller, {limit} at a time.\n"
        f"func {name}(w http.ResponseWriter, r *http.Request) {{\n"
        '\tlimit, err := strconv.Atoi(r.URL.Query().Get("limit"))\n'
        f"\tif err != nil || limit <= 0 || limit > 500 {{\n\t\tlimit = {limit}\n\t}}\n"
        "\ttype response struct {\n"
        '\t\tItems  []string `json:"items"`\n'
        '\t\tLimit  int      `json:"limit"`\n'
        '\t\tCursor string   `json:"cursor,omitempty"`\n\t}\n'
        '\tw.Header().Set("Content-Type", "application/json")\n'
        '\tif err := json.NewEncoder(w).Encode(response{Items: []string{}, Limit: limit, Cursor: r.URL.Query().Get("cursor")}); err != nil {\n'
        "\t\thttp.Error(w, err.Error(), http.StatusInternalServerError)\n\t}\n}\n",
        {'"encoding/json"', '"net/http"', '"strconv"'},
    )


def _t_checksum(rng: random.Random, name: str, pkg: Pkg) -> tuple[str, set[str]]:
    return (
        f"// {name} returns the hex SHA-256 of the parts, each prefixed by its length.\n"
        f"func {name}(parts ...string) string {{\n"
        "\th := sha256.New()\n\tvar size [8]byte\n"
        "\tfor _, p := range parts {\n"
        "\t\tbinary.BigEndian.PutUint64(size[:], uint64(len(p)))\n"
        "\t\th.Write(size[:])\n\t\th.Write([]byte(p))\n\t}\n"
        "\treturn hex.EncodeToString(h.Sum(nil))\n}\n",
        {'"crypto/sha256"', '"encoding/binary"', '"encoding/hex"'},
    )


def _t_stats(rng: random.Random, name: str, pkg: Pkg) -> tuple[str, set[str]]:
    pct = rng.choice((50, 90, 95, 99))
    return (
        f"// {name} returns the mean and the p{pct} of the samples.\n"
        f"func {name}(samples []float64) (mean, p float64) {{\n"
        "\tif len(samples) == 0 {\n\t\treturn 0, 0\n\t}\n"
        "\tsorted := append([]float64(nil), samples...)\n\tsort.Float64s(sorted)\n"
        "\tvar sum float64\n\tfor _, s := range sorted {\n\t\tsum += s\n\t}\n"
        f"\tidx := int(math.Ceil(float64(len(sorted))*{pct}/100)) - 1\n"
        "\tif idx < 0 {\n\t\tidx = 0\n\t}\n"
        "\treturn sum / float64(len(sorted)), sorted[idx]\n}\n",
        {'"math"', '"sort"'},
    )


def _t_buckets(rng: random.Random, name: str, pkg: Pkg) -> tuple[str, set[str]]:
    # Local type and const declarations, indented: the scanner's prefilter must not take them for top-level ones.
    n, width = rng.randint(4, 12), rng.choice((10, 25, 50, 100))
    return (
        f"// {name} counts the durations in {n} buckets of {width}ms.\n"
        f"func {name}(values []time.Duration) []int {{\n"
        f"\tconst width = {width} * time.Millisecond\n"
        "\ttype bucket struct {\n\t\tcount int\n\t\tmax   time.Duration\n\t}\n"
        f"\tbuckets := make([]bucket, {n})\n"
        "\tfor _, v := range values {\n\t\ti := int(v / width)\n"
        "\t\tif i >= len(buckets) {\n\t\t\ti = len(buckets) - 1\n\t\t}\n"
        "\t\tif i < 0 {\n\t\t\ti = 0\n\t\t}\n"
        "\t\tbuckets[i].count++\n"
        "\t\tif v > buckets[i].max {\n\t\t\tbuckets[i].max = v\n\t\t}\n\t}\n"
        "\tcounts := make([]int, len(buckets))\n"
        "\tfor i, b := range buckets {\n\t\tcounts[i] = b.count\n\t}\n\treturn counts\n}\n",
        {'"time"'},
    )


def _t_switch(rng: random.Random, name: str, pkg: Pkg) -> tuple[str, set[str]]:
    values = rng.sample(ENUM_VALUES, rng.randint(3, 8))
    cases = "".join(f'\tcase "{v.upper()}", "{v.upper()}_OK":\n\t\treturn "{v}", true\n' for v in values)
    return (
        f"// {name} maps an upstream status code to ours.\n"
        f"func {name}(code string) (string, bool) {{\n"
        f"\tswitch strings.ToUpper(code) {{\n{cases}"
        '\tdefault:\n\t\treturn "", false\n\t}\n}\n',
        {'"strings"'},
    )


def _t_table(rng: random.Random, name: str, pkg: Pkg) -> tuple[str, set[str]]:
    sep = rng.choice(("  ", " | ", "\\t"))
    return (
        f"// {name} renders the rows as an aligned text table.\n"
        f"func {name}(header []string, rows [][]string) string {{\n"
        "\twidths := make([]int, len(header))\n"
        "\tfor i, h := range header {\n\t\twidths[i] = len(h)\n\t}\n"
        "\tfor _, row := range rows {\n\t\tfor i, cell := range row {\n"
        "\t\t\tif i < len(widths) && len(cell) > widths[i] {\n\t\t\t\twidths[i] = len(cell)\n\t\t\t}\n\t\t}\n\t}\n"
        "\tvar b strings.Builder\n"
        "\twrite := func(cells []string) {\n\t\tfor i, cell := range cells {\n"
        "\t\t\tif i >= len(widths) {\n\t\t\t\tbreak\n\t\t\t}\n"
        f'\t\t\tif i > 0 {{\n\t\t\t\tb.WriteString("{sep}")\n\t\t\t}}\n'
        '\t\t\tfmt.Fprintf(&b, "%-*s", widths[i], cell)\n\t\t}\n'
        "\t\tb.WriteByte('\\n')\n\t}\n"
        "\twrite(header)\n\tfor _, row := range rows {\n\t\twrite(row)\n\t}\n\treturn b.String()\n}\n",
        {'"fmt"', '"strings"'},
    )


def _t_memo(rng: random.Random, name: str, pkg: Pkg) -> tuple[str, set[str]]:
    return (
        f"// {name} returns fn with its results cached for ttl.\n"
        f"func {name}(fn func(string) (int, error), ttl time.Duration) func(string) (int, error) {{\n"
        "\ttype entry struct {\n\t\tvalue   int\n\t\terr     error\n\t\texpires time.Time\n\t}\n"
        "\tvar mu sync.Mutex\n\tcache := make(map[string]entry)\n"
        "\treturn func(key string) (int, error) {\n"
        "\t\tmu.Lock()\n\t\te, ok := cache[key]\n\t\tmu.Unlock()\n"
        "\t\tif ok && time.Now().Before(e.expires) {\n\t\t\treturn e.value, e.err\n\t\t}\n"
        "\t\tv, err := fn(key)\n\t\tmu.Lock()\n"
        "\t\tcache[key] = entry{value: v, err: err, expires: time.Now().Add(ttl)}\n"
        "\t\tmu.Unlock()\n\t\treturn v, err\n\t}\n}\n",
        {'"sync"', '"time"'},
    )


def _t_fetch(rng: random.Random, name: str, pkg: Pkg) -> tuple[str, set[str]]:
    path = rng.choice(NOUNS).lower() + "s"
    return (
        f"// {name} fetches one {path[:-1]} from the upstream service.\n"
        f"func {name}(ctx context.Context, client *http.Client, baseURL, id string) (map[string]any, error) {{\n"
        f'\treq, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+"/{path}/"+url.PathEscape(id), nil)\n'
        "\tif err != nil {\n\t\treturn nil, err\n\t}\n"
        '\treq.Header.Set("Accept", "application/json")\n'
        "\tresp, err := client.Do(req)\n"
        f'\tif err != nil {{\n\t\treturn nil, fmt.Errorf("{name}: %w", err)\n\t}}\n'
        "\tdefer resp.Body.Close()\n"
        f'\tif resp.StatusCode != http.StatusOK {{\n\t\treturn nil, fmt.Errorf("{name}: unexpected status %s", resp.Status)\n\t}}\n'
        "\tvar out map[string]any\n"
        f'\tif err := json.NewDecoder(resp.Body).Decode(&out); err != nil {{\n\t\treturn nil, fmt.Errorf("{name}: decoding: %w", err)\n\t}}\n'
        "\treturn out, nil\n}\n",
        {'"context"', '"encoding/json"', '"fmt"', '"net/http"', '"net/url"'},
    )


def _t_where(rng: random.Random, name: str, pkg: Pkg) -> tuple[str, set[str]]:
    table, limit = rng.choice(NOUNS).lower() + "s", rng.choice((50, 100, 500))
    return (
        f"// {name} builds the query for the filter, with numbered placeholders.\n"
        f"func {name}(filter map[string]string) (string, []any) {{\n"
        "\tkeys := make([]string, 0, len(filter))\n\tfor k := range filter {\n\t\tkeys = append(keys, k)\n\t}\n"
        "\tsort.Strings(keys)\n\tvar b strings.Builder\n\targs := make([]any, 0, len(keys))\n"
        "\tfor i, k := range keys {\n"
        '\t\tif i == 0 {\n\t\t\tb.WriteString(" WHERE ")\n\t\t} else {\n\t\t\tb.WriteString(" AND ")\n\t\t}\n'
        '\t\tb.WriteString(k)\n\t\tb.WriteString(" = $")\n\t\tb.WriteString(strconv.Itoa(i + 1))\n'
        "\t\targs = append(args, filter[k])\n\t}\n"
        f'\treturn "SELECT * FROM {table}" + b.String() + " LIMIT {limit}", args\n}}\n',
        {'"sort"', '"strconv"', '"strings"'},
    )


def _t_workers(rng: random.Random, name: str, pkg: Pkg) -> tuple[str, set[str]]:
    n = rng.randint(2, 16)
    return (
        f"// {name} runs fn over the items with {n} workers and returns the first error.\n"
        f"func {name}(ctx context.Context, items []string, fn func(context.Context, string) error) error {{\n"
        "\tctx, cancel := context.WithCancel(ctx)\n\tdefer cancel()\n"
        f"\twork := make(chan string)\n\terrs := make(chan error, {n})\n\tvar wg sync.WaitGroup\n"
        f"\tfor w := 0; w < {n}; w++ {{\n\t\twg.Add(1)\n\t\tgo func() {{\n\t\t\tdefer wg.Done()\n"
        "\t\t\tfor item := range work {\n\t\t\t\tif err := fn(ctx, item); err != nil {\n"
        "\t\t\t\t\terrs <- err\n\t\t\t\t\tcancel()\n\t\t\t\t\treturn\n\t\t\t\t}\n\t\t\t}\n\t\t}()\n\t}\n"
        "\tfor _, item := range items {\n\t\tselect {\n\t\tcase work <- item:\n\t\tcase <-ctx.Done():\n\t\t}\n\t}\n"
        "\tclose(work)\n\twg.Wait()\n\tclose(errs)\n\treturn <-errs\n}\n",
        {'"context"', '"sync"'},
    )


def _t_messages(rng: random.Random, name: str, pkg: Pkg) -> tuple[str, set[str]]:
    start = rng.randrange(1000, 9000, 100)
    cases = "".join(
        f'\tcase {start + i}:\n\t\treturn "{rng.choice(NOUNS).lower()} {rng.choice(ENUM_VALUES)}: {rng.choice(VERBS)} failed"\n'
        for i in range(rng.randint(4, 20))
    )
    return (
        f"// {name} returns the message of an error code.\n"
        f"func {name}(code int) string {{\n\tswitch code {{\n{cases}\t}}\n"
        '\treturn "unknown error " + strconv.Itoa(code)\n}\n',
        {'"strconv"'},
    )


TEMPLATES = (_t_dedupe, _t_pairs, _t_retry, _t_handler, _t_checksum, _t_stats, _t_buckets, _t_switch,
              _t_table, _t_memo, _t_fetch, _t_where, _t_workers, _t_messages)


# --- noise: methods on the package's types ------------------------------------------------------


def _m_validate(info: StructInfo, pkg: Pkg) -> tuple[str, set[str]]:
    checks: list[str] = []
    imports = {'"errors"'}
    for f in info.fields:
        if f.embedded or len(checks) >= 4:
            continue
        if f.type == "string":
            checks.append(f'\tif x.{f.name} == "" {{\n\t\treturn errors.New("{pkg.name}: {info.name}.{f.name} is required")\n\t}}\n')
        elif f.type in ("int", "int64", "int32"):
            imports.add('"fmt"')
            checks.append(f'\tif x.{f.name} < 0 {{\n\t\treturn fmt.Errorf("{pkg.name}: {info.name}.{f.name} = %d is negative", x.{f.name})\n\t}}\n')
    return (
        f"// Validate reports the first problem with the {info.name}.\n"
        f"func (x *{info.name}) Validate() error {{\n"
        f'\tif x == nil {{\n\t\treturn errors.New("{pkg.name}: nil {info.name}")\n\t}}\n'
        + "".join(checks) + "\treturn nil\n}\n",
        imports,
    )


def _m_describe(info: StructInfo, pkg: Pkg) -> tuple[str, set[str]]:
    shown = [f.name for f in info.fields if not f.embedded][:3]
    fmt_text = " ".join(f"{n}=%v" for n in shown)
    args = "".join(f", x.{n}" for n in shown)
    return (
        f"// Describe returns a one-line description of the {info.name} for logs.\n"
        f"func (x *{info.name}) Describe() string {{\n"
        '\tif x == nil {\n\t\treturn "<nil>"\n\t}\n'
        f'\treturn fmt.Sprintf("{info.name}{{{fmt_text}}}"{args})\n}}\n',
        {'"fmt"'},
    )


def _m_reset(info: StructInfo, pkg: Pkg) -> tuple[str, set[str]]:
    return f"// Reset sets the {info.name} to its zero value.\nfunc (x *{info.name}) Reset() {{\n\t*x = {info.name}{{}}\n}}\n", set()


METHODS = {"Validate": _m_validate, "Describe": _m_describe, "Reset": _m_reset}


# --- noise: generated code --------------------------------------------------------------------------


def deepcopy(info: StructInfo, file: GoFile) -> str:
    steps = []
    for f in info.fields:
        if f.copy == "slice":
            steps.append(f"\tif in.{f.name} != nil {{\n\t\tout.{f.name} = append(in.{f.name}[:0:0], in.{f.name}...)\n\t}}\n")
        elif f.copy == "map":
            file.imports.add('"maps"')
            steps.append(f"\tif in.{f.name} != nil {{\n\t\tout.{f.name} = maps.Clone(in.{f.name})\n\t}}\n")
        elif f.copy == "pointer":
            steps.append(f"\tif in.{f.name} != nil {{\n\t\tv := *in.{f.name}\n\t\tout.{f.name} = &v\n\t}}\n")
    return (
        "// DeepCopyInto is an autogenerated deepcopy function, copying the receiver, writing into out. in must be non-nil.\n"
        f"func (in *{info.name}) DeepCopyInto(out *{info.name}) {{\n\t*out = *in\n" + "".join(steps) + "}\n\n"
        f"// DeepCopy is an autogenerated deepcopy function, copying the receiver, creating a new {info.name}.\n"
        f"func (in *{info.name}) DeepCopy() *{info.name} {{\n\tif in == nil {{\n\t\treturn nil\n\t}}\n"
        f"\tout := new({info.name})\n\tin.DeepCopyInto(out)\n\treturn out\n}}\n"
    )


VT_HELPERS = (
    "var (\n"
    '\tErrInvalidLengthVT = fmt.Errorf("proto: negative length found during unmarshaling")\n'
    '\tErrIntOverflowVT   = fmt.Errorf("proto: integer overflow")\n)\n\n'
    "func sovVT(x uint64) (n int) {\n\treturn (bits.Len64(x|1) + 6) / 7\n}\n\n"
    "func encodeVarintVT(dAtA []byte, offset int, v uint64) int {\n"
    "\toffset -= sovVT(v)\n\tbase := offset\n"
    "\tfor v >= 1<<7 {\n\t\tdAtA[offset] = uint8(v&0x7f | 0x80)\n\t\tv >>= 7\n\t\toffset++\n\t}\n"
    "\tdAtA[offset] = uint8(v)\n\treturn base\n}\n"
)
_VT_INTS = ("int", "int64", "int32", "uint16")


def _varint_loop(target: str, indent: str, conv: str = "uint64") -> str:
    i = indent
    return (
        f"{i}for shift := uint(0); ; shift += 7 {{\n"
        f"{i}\tif shift >= 64 {{\n{i}\t\treturn ErrIntOverflowVT\n{i}\t}}\n"
        f"{i}\tif iNdEx >= l {{\n{i}\t\treturn io.ErrUnexpectedEOF\n{i}\t}}\n"
        f"{i}\tb := dAtA[iNdEx]\n{i}\tiNdEx++\n"
        f"{i}\t{target} |= {conv}(b&0x7F) << shift\n"
        f"{i}\tif b < 0x80 {{\n{i}\t\tbreak\n{i}\t}}\n{i}}}\n"
    )


def vtproto(info: StructInfo) -> str:
    fields = [f for f in info.fields if not f.embedded and f.type in ("string", "bool", *_VT_INTS)][:15]
    size, marshal, cases = [], [], []
    for number, f in enumerate(fields, 1):
        m = f"m.{f.name}"
        if f.type == "string":
            size.append(f"\tl = len({m})\n\tif l > 0 {{\n\t\tn += 1 + l + sovVT(uint64(l))\n\t}}\n")
            marshal.append(
                f"\tif len({m}) > 0 {{\n\t\ti -= len({m})\n\t\tcopy(dAtA[i:], {m})\n"
                f"\t\ti = encodeVarintVT(dAtA, i, uint64(len({m})))\n\t\ti--\n\t\tdAtA[i] = 0x{number << 3 | 2:x}\n\t}}\n"
            )
            cases.append(
                f"\t\tcase {number}:\n\t\t\tif wireType != 2 {{\n"
                f'\t\t\t\treturn fmt.Errorf("proto: wrong wireType = %d for field {f.name}", wireType)\n\t\t\t}}\n'
                "\t\t\tvar stringLen uint64\n" + _varint_loop("stringLen", "\t\t\t") +
                "\t\t\tintStringLen := int(stringLen)\n"
                "\t\t\tif intStringLen < 0 {\n\t\t\t\treturn ErrInvalidLengthVT\n\t\t\t}\n"
                "\t\t\tpostIndex := iNdEx + intStringLen\n"
                "\t\t\tif postIndex < 0 {\n\t\t\t\treturn ErrInvalidLengthVT\n\t\t\t}\n"
                "\t\t\tif postIndex > l {\n\t\t\t\treturn io.ErrUnexpectedEOF\n\t\t\t}\n"
                f"\t\t\t{m} = string(dAtA[iNdEx:postIndex])\n\t\t\tiNdEx = postIndex\n"
            )
        elif f.type == "bool":
            size.append(f"\tif {m} {{\n\t\tn += 2\n\t}}\n")
            marshal.append(
                f"\tif {m} {{\n\t\ti--\n\t\tdAtA[i] = 1\n\t\ti--\n\t\tdAtA[i] = 0x{number << 3:x}\n\t}}\n"
            )
            cases.append(
                f"\t\tcase {number}:\n\t\t\tif wireType != 0 {{\n"
                f'\t\t\t\treturn fmt.Errorf("proto: wrong wireType = %d for field {f.name}", wireType)\n\t\t\t}}\n'
                "\t\t\tvar v int\n" + _varint_loop("v", "\t\t\t", "int") + f"\t\t\t{m} = v != 0\n"
            )
        else:
            size.append(f"\tif {m} != 0 {{\n\t\tn += 1 + sovVT(uint64({m}))\n\t}}\n")
            marshal.append(
                f"\tif {m} != 0 {{\n\t\ti = encodeVarintVT(dAtA, i, uint64({m}))\n\t\ti--\n\t\tdAtA[i] = 0x{number << 3:x}\n\t}}\n"
            )
            cases.append(
                f"\t\tcase {number}:\n\t\t\tif wireType != 0 {{\n"
                f'\t\t\t\treturn fmt.Errorf("proto: wrong wireType = %d for field {f.name}", wireType)\n\t\t\t}}\n'
                f"\t\t\t{m} = 0\n" + _varint_loop(m, "\t\t\t", f.type)
            )
    t = info.name
    return (
        f"func (m *{t}) SizeVT() (n int) {{\n\tif m == nil {{\n\t\treturn 0\n\t}}\n\tvar l int\n\t_ = l\n"
        + "".join(size) + "\treturn n\n}\n\n"
        f"func (m *{t}) MarshalVT() (dAtA []byte, err error) {{\n\tif m == nil {{\n\t\treturn nil, nil\n\t}}\n"
        "\tsize := m.SizeVT()\n\tdAtA = make([]byte, size)\n"
        "\tn, err := m.MarshalToSizedBufferVT(dAtA[:size])\n"
        "\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn dAtA[:n], nil\n}\n\n"
        f"func (m *{t}) MarshalToSizedBufferVT(dAtA []byte) (int, error) {{\n\tif m == nil {{\n\t\treturn 0, nil\n\t}}\n"
        "\ti := len(dAtA)\n" + "".join(reversed(marshal)) + "\treturn len(dAtA) - i, nil\n}\n\n"
        f"func (m *{t}) UnmarshalVT(dAtA []byte) error {{\n\tl := len(dAtA)\n\tiNdEx := 0\n\tfor iNdEx < l {{\n"
        "\t\tvar wire uint64\n" + _varint_loop("wire", "\t\t") +
        "\t\tfieldNum := int32(wire >> 3)\n\t\twireType := int(wire & 0x7)\n"
        f'\t\tif wireType == 4 {{\n\t\t\treturn fmt.Errorf("proto: {t}: wiretype end group for non-group")\n\t\t}}\n'
        f'\t\tif fieldNum <= 0 {{\n\t\t\treturn fmt.Errorf("proto: {t}: illegal tag %d (wire type %d)", fieldNum, wire)\n\t\t}}\n'
        "\t\tswitch fieldNum {\n" + "".join(cases) + "\t\tdefault:\n\t\t\tiNdEx = l\n\t\t}\n\t}\n\treturn nil\n}\n"
    )
