/* complicity.names._native: the name index's and the matcher's hottest steps in C: the
 * blocking step of NameIndex._block, the unpacking of candidates, the exact-core look-up and
 * the pre-score (index.py); the bound match.Reach puts on a candidate and the word alignment
 * match._align (match.py), with rapidfuzz's string measures they need (further down: reach,
 * align, prescored).
 *
 * Optional: the package builds it when a C compiler is there and falls back to the numpy and
 * Python code in index.py and match.py when it is not (both give the same results; the tests
 * check it).
 * Why native: a query that misses its exact core (a typo, a core many names share) adds up a
 * few thousand postings, and in numpy that is a dozen calls of a few microseconds each, most of
 * the time such a query takes.
 *
 * top_blocked(postings, spans, gathered, depth, names) -> list[int]
 *
 *   postings  int32 buffer: every block's name ids, each block sorted ascending, no repeats
 *   spans     sequence of (start, length, weight): the query's blocks, rarest first
 *   gathered  how many of the first spans bring in candidates; the rest only add their weight
 *             to the candidates already brought in
 *   depth     how many ids to return
 *   names     how many names the index has (a posting of more is refused)
 *
 * Returns the `depth` ids with the highest summed weight, highest first; of equal sums the
 * lower id first. Each id's weights are added in span order, as the numpy code adds them, so
 * the sums (and so the order) are the same to the bit. The gathering spans are merged (each
 * is sorted) and the others walked forward beside the merged ids: every read goes forward in
 * the postings, where an array of a sum per name would be read at random (8 MB for 1M names,
 * a cache miss for most postings).
 *
 * unpack_names(ids, names, pys, packed, forms, cls) -> list[NormalizedName]
 *
 *   index.unpack(names[i], pys[i], packed[i], forms) for each id, in order: the same objects,
 *   field by field. names and packed are index.Texts (UTF-8 bytes `data`, int64 `starts`), pys
 *   a tuple of str, cls NormalizedName (made as made_directly makes it: its __dict__ given).
 *   Why native: a query that misses its exact core unpacks eight candidates, and in Python the
 *   reads and splits of each cost some 4 microseconds, a tenth of all the search time.
 *   The ids are read in passes, where each starts, then where its text is, then the texts: the
 *   memory reads of all of them wait at once, not one after the other (a 1M index is far
 *   larger than the CPU caches, and each read of a name is a miss).
 *
 * exact_names(h, starts, hashes, ids, shift, han, is_han, keys, core, most) -> list[int] | None
 *
 *   What index.NameIndex._exact_names does after hashing the query's core: the ids of the names
 *   whose hash is h (hashes sorted, ids beside them; starts[b] where the hashes with top bits b
 *   begin, b = h >> shift) and whose script (han, a byte per name) and core (keys) are the
 *   query's; None when more than `most` names have the hash. Every query asks it, first.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)0)
#endif

typedef struct {
    double sum;
    int32_t id;
} scored;

/* a ranks before b: a higher sum, or an equal one and a lower id */
static inline int before(const scored *a, const scored *b) {
    return a->sum > b->sum || (a->sum == b->sum && a->id < b->id);
}

static int order(const void *x, const void *y) {
    const scored *a = x, *b = y;
    return before(a, b) ? -1 : (before(b, a) ? 1 : 0);
}

/* a heap of the `size` best so far, the worst of them at the root */
static void sift_down(scored *heap, Py_ssize_t size, Py_ssize_t i) {
    for (;;) {
        Py_ssize_t worst = i, l = 2 * i + 1, r = l + 1;
        if (l < size && before(&heap[worst], &heap[l])) worst = l;
        if (r < size && before(&heap[worst], &heap[r])) worst = r;
        if (worst == i) return;
        scored t = heap[i];
        heap[i] = heap[worst];
        heap[worst] = t;
        i = worst;
    }
}

typedef struct {
    Py_ssize_t start, length;
    double weight;
} span;

static int read_spans(PyObject *seq, Py_ssize_t limit, span **out, Py_ssize_t *count) {
    PyObject *fast = PySequence_Fast(seq, "spans must be a sequence of (start, length, weight)");
    if (fast == NULL) return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    span *spans = PyMem_Malloc(sizeof(span) * (n ? n : 1));
    if (spans == NULL) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(fast, i);
        if (!PyTuple_Check(item)) {
            PyErr_SetString(PyExc_TypeError, "a span must be a tuple (start, length, weight)");
            goto fail;
        }
        if (!PyArg_ParseTuple(item, "nnd", &spans[i].start, &spans[i].length, &spans[i].weight))
            goto fail;
        if (spans[i].start < 0 || spans[i].length < 0 || spans[i].start + spans[i].length > limit) {
            PyErr_SetString(PyExc_IndexError, "a span reaches outside the postings");
            goto fail;
        }
        if (!(spans[i].weight > 0.0)) {
            /* a zero sum marks an id not yet brought in: weights must be positive */
            PyErr_SetString(PyExc_ValueError, "span weights must be positive");
            goto fail;
        }
    }
    Py_DECREF(fast);
    *out = spans;
    *count = n;
    return 0;
fail:
    Py_DECREF(fast);
    PyMem_Free(spans);
    return -1;
}

/* the first position at or after `from` where the sorted block holds id or more: galloping
 * (1, 2, 4 ... steps, then halving), so that ids asked in increasing order walk the block
 * forward and mostly read what the last look-up read */
static Py_ssize_t seek(const int32_t *block, Py_ssize_t n, Py_ssize_t from, int32_t id) {
    Py_ssize_t lo = from, step = 1;
    while (lo + step < n && block[lo + step] < id) {
        lo += step;
        step *= 2;
    }
    Py_ssize_t hi = lo + step < n ? lo + step : n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (block[mid] < id) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* the next posting of each gathering span, smallest id first, of equal ids the earlier span */
typedef struct {
    int32_t id;
    Py_ssize_t span;
} head;

static inline int head_before(const head *a, const head *b) {
    return a->id < b->id || (a->id == b->id && a->span < b->span);
}

static void head_down(head *heap, Py_ssize_t size, Py_ssize_t i) {
    for (;;) {
        Py_ssize_t least = i, l = 2 * i + 1, r = l + 1;
        if (l < size && head_before(&heap[l], &heap[least])) least = l;
        if (r < size && head_before(&heap[r], &heap[least])) least = r;
        if (least == i) return;
        head t = heap[i];
        heap[i] = heap[least];
        heap[least] = t;
        i = least;
    }
}

static PyObject *top_blocked(PyObject *Py_UNUSED(self), PyObject *args) {
    Py_buffer post;
    PyObject *spans_obj, *result = NULL;
    Py_ssize_t gathered, depth, nnames;
    if (!PyArg_ParseTuple(args, "y*Onnn", &post, &spans_obj, &gathered, &depth, &nnames))
        return NULL;
    span *spans = NULL;
    head *heads = NULL;
    Py_ssize_t *at = NULL;
    int32_t *uniq = NULL;
    double *sums = NULL;
    scored *heap = NULL;
    Py_ssize_t nspans = 0, n = 0;
    if (post.len % 4 != 0) {
        PyErr_SetString(PyExc_ValueError, "postings must be int32");
        goto done;
    }
    const int32_t *ids = post.buf;
    if (read_spans(spans_obj, post.len / 4, &spans, &nspans) < 0) goto done;
    if (gathered < 0 || gathered > nspans) gathered = nspans;
    if (depth < 0) depth = 0;

    Py_ssize_t most = 0;
    for (Py_ssize_t s = 0; s < gathered; s++) most += spans[s].length;
    heads = PyMem_Malloc(sizeof(head) * (gathered ? gathered : 1));
    at = PyMem_Malloc(sizeof(Py_ssize_t) * (gathered ? gathered : 1));
    uniq = PyMem_Malloc(sizeof(int32_t) * (most ? most : 1));
    sums = PyMem_Malloc(sizeof(double) * (most ? most : 1));
    if (heads == NULL || at == NULL || uniq == NULL || sums == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    /* the gathering spans merged: each distinct id once, ascending, with its weights added in
     * span order (a heap of the spans' next postings) */
    Py_ssize_t size = 0;
    for (Py_ssize_t s = 0; s < gathered; s++) {
        at[s] = 0;
        if (spans[s].length > 0) heads[size++] = (head){ids[spans[s].start], s};
    }
    for (Py_ssize_t i = size / 2 - 1; i >= 0; i--) head_down(heads, size, i);
    while (size > 0) {
        head h = heads[0];
        if (h.id < 0 || h.id >= nnames) {
            PyErr_SetString(PyExc_IndexError, "a posting is not a name id");
            goto done;
        }
        if (n == 0 || uniq[n - 1] != h.id) {
            uniq[n] = h.id;
            sums[n++] = 0.0;
        }
        sums[n - 1] += spans[h.span].weight;
        const span *from = &spans[h.span];
        if (++at[h.span] < from->length) heads[0].id = ids[from->start + at[h.span]];
        else heads[0] = heads[--size];
        head_down(heads, size, 0);
    }
    /* each other span adds its weight to the ids it holds, in span order */
    for (Py_ssize_t s = gathered; s < nspans; s++) {
        const int32_t *block = ids + spans[s].start;
        Py_ssize_t len = spans[s].length, p = 0;
        for (Py_ssize_t k = 0; k < n && p < len; k++) {
            p = seek(block, len, p, uniq[k]);
            if (p < len && block[p] == uniq[k]) sums[k] += spans[s].weight;
        }
    }

    Py_ssize_t keep = n < depth ? n : depth;
    heap = PyMem_Malloc(sizeof(scored) * (keep ? keep : 1));
    if (heap == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    size = 0;
    for (Py_ssize_t k = 0; k < n && keep > 0; k++) {
        scored c = {sums[k], uniq[k]};
        if (size < keep) {
            heap[size++] = c;
            if (size == keep)
                for (Py_ssize_t i = keep / 2 - 1; i >= 0; i--) sift_down(heap, size, i);
        } else if (before(&c, &heap[0])) {
            heap[0] = c;
            sift_down(heap, size, 0);
        }
    }
    qsort(heap, size, sizeof(scored), order);
    result = PyList_New(size);
    if (result == NULL) goto done;
    for (Py_ssize_t i = 0; i < size; i++) {
        PyObject *v = PyLong_FromLong(heap[i].id);
        if (v == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, i, v);
    }
done:
    PyMem_Free(heap);
    PyMem_Free(sums);
    PyMem_Free(uniq);
    PyMem_Free(at);
    PyMem_Free(heads);
    PyMem_Free(spans);
    PyBuffer_Release(&post);
    return result;
}

/* -- unpack_names ------------------------------------------------------------------------ */

enum { N_FIELDS = 11 };                /* the pieces index.pack joins with FIELD */
static const char FIELD = '\x1f', ITEM = '\x1e';
/* the NormalizedName fields, in the order index.unpack fills them */
static const char *const FIELD_NAMES[] = {
    "original", "script", "text", "key", "head", "tokens", "descriptors",
    "legal_form", "prefix", "qualifiers", "pinyin", "acronym", "numbers",
};
enum { ORIGINAL, SCRIPT, TEXT, KEY, HEAD, TOKENS, DESCRIPTORS, LEGAL_FORM, PREFIX, QUALIFIERS,
       PINYIN, ACRONYM, NUMBERS, N_NAMES };
static PyObject *field_names[N_NAMES]; /* interned at module load */

/* one Texts: its bytes and where each item starts (n + 1 offsets) */
typedef struct {
    PyObject *data;
    Py_buffer starts;
    Py_ssize_t n;
} texts;

static PyObject *s_data, *s_starts; /* interned: a look-up by a C string makes and hashes a str
                                     * each time, which cost unpack_names 2% of a screen */

static int open_texts(PyObject *obj, texts *t, const char *what) {
    t->data = PyObject_GetAttr(obj, s_data);
    if (t->data == NULL) return -1;
    if (!PyBytes_Check(t->data)) {
        PyErr_Format(PyExc_TypeError, "%s.data must be bytes", what);
        goto fail;
    }
    PyObject *starts = PyObject_GetAttr(obj, s_starts);
    if (starts == NULL) goto fail;
    int got = PyObject_GetBuffer(starts, &t->starts, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS);
    Py_DECREF(starts);
    if (got < 0) goto fail;
    if (t->starts.itemsize != 8 || t->starts.len < 8) {
        PyErr_Format(PyExc_TypeError, "%s.starts must be int64 offsets", what);
        PyBuffer_Release(&t->starts);
        goto fail;
    }
    t->n = t->starts.len / 8 - 1;
    return 0;
fail:
    Py_CLEAR(t->data);
    return -1;
}

static void close_texts(texts *t) {
    if (t->data == NULL) return;
    PyBuffer_Release(&t->starts);
    Py_CLEAR(t->data);
}

/* the bytes of item i, checked against the data's bounds */
static int item_bytes(const texts *t, Py_ssize_t i, const char **at, Py_ssize_t *len) {
    const int64_t *starts = t->starts.buf;
    int64_t a = starts[i], b = starts[i + 1];
    if (a < 0 || b < a || b > PyBytes_GET_SIZE(t->data)) {
        PyErr_SetString(PyExc_ValueError, "a Texts offset reaches outside its data");
        return -1;
    }
    *at = PyBytes_AS_STRING(t->data) + a;
    *len = (Py_ssize_t)(b - a);
    return 0;
}

static PyObject *decoded(const char *at, Py_ssize_t len) {
    return PyUnicode_DecodeUTF8(at, len, "strict");
}

/* the pieces of a field split at ITEM; () for an empty field (as unpack's `if tokens`) */
static PyObject *items(const char *at, Py_ssize_t len) {
    if (len == 0) return PyTuple_New(0);
    Py_ssize_t count = 1;
    for (Py_ssize_t k = 0; k < len; k++) count += at[k] == ITEM;
    PyObject *out = PyTuple_New(count);
    if (out == NULL) return NULL;
    Py_ssize_t from = 0, n = 0;
    for (Py_ssize_t k = 0; k <= len; k++) {
        if (k < len && at[k] != ITEM) continue;
        PyObject *piece = decoded(at + from, k - from);
        if (piece == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyTuple_SET_ITEM(out, n++, piece);
        from = k + 1;
    }
    return out;
}

/* forms[int(text)], the legal form the packed name points to */
static PyObject *legal_form(PyObject *forms, const char *at, Py_ssize_t len) {
    Py_ssize_t k = 0;
    if (len == 0 || len > 9) goto bad;
    for (Py_ssize_t i = 0; i < len; i++) {
        if (at[i] < '0' || at[i] > '9') goto bad;
        k = k * 10 + (at[i] - '0');
    }
    if (k >= PyList_GET_SIZE(forms)) {
        PyErr_SetString(PyExc_IndexError, "a packed name's legal form is not in forms");
        return NULL;
    }
    PyObject *form = PyList_GET_ITEM(forms, k);
    Py_INCREF(form);
    return form;
bad:
    PyErr_SetString(PyExc_ValueError, "a packed name's legal form is not a number");
    return NULL;
}

/* the values of one name, as index.unpack puts them in the NormalizedName's __dict__ */
static PyObject *name_dict(PyObject *original, PyObject *pinyin, const char *at, Py_ssize_t len,
                           PyObject *forms) {
    const char *piece[N_FIELDS];
    Py_ssize_t size[N_FIELDS];
    Py_ssize_t n = 0, from = 0;
    for (Py_ssize_t k = 0; k <= len; k++) {
        if (k < len && at[k] != FIELD) continue;
        if (n == N_FIELDS) {
            n++;
            break;
        }
        piece[n] = at + from;
        size[n++] = k - from;
        from = k + 1;
    }
    if (n != N_FIELDS) {
        PyErr_Format(PyExc_ValueError, "a packed name has %s than %d fields",
                     n < N_FIELDS ? "fewer" : "more", N_FIELDS);
        return NULL;
    }
    /* packed field k -> NormalizedName field: script text key head tokens descriptors
     * legal_form prefix qualifiers acronym numbers */
    static const int target[N_FIELDS] = {SCRIPT, TEXT, KEY, HEAD, TOKENS, DESCRIPTORS,
                                         LEGAL_FORM, PREFIX, QUALIFIERS, ACRONYM, NUMBERS};
    PyObject *value[N_NAMES] = {NULL};
    value[ORIGINAL] = original;
    Py_INCREF(original);
    value[PINYIN] = pinyin;
    Py_INCREF(pinyin);
    PyObject *dict = NULL;
    for (int k = 0; k < N_FIELDS; k++) {
        int f = target[k];
        PyObject *v;
        if (f == TOKENS || f == DESCRIPTORS || f == QUALIFIERS || f == NUMBERS)
            v = items(piece[k], size[k]);
        else if (f == LEGAL_FORM)
            v = legal_form(forms, piece[k], size[k]);
        else if (f == PREFIX && size[k] == 1 && piece[k][0] == ITEM) {
            v = Py_None; /* no prefix */
            Py_INCREF(v);
        } else
            v = decoded(piece[k], size[k]);
        if (v == NULL) goto done;
        value[f] = v;
    }
    dict = PyDict_New();
    if (dict == NULL) goto done;
    for (int f = 0; f < N_NAMES; f++) {
        if (PyDict_SetItem(dict, field_names[f], value[f]) < 0) {
            Py_CLEAR(dict);
            goto done;
        }
    }
done:
    for (int f = 0; f < N_NAMES; f++) Py_XDECREF(value[f]);
    return dict;
}

static PyObject *unpack_names(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *ids_obj, *names_obj, *pys, *packed_obj, *forms, *cls;
    if (!PyArg_ParseTuple(args, "OOO!OO!O!", &ids_obj, &names_obj, &PyTuple_Type, &pys,
                          &packed_obj, &PyList_Type, &forms, &PyType_Type, &cls))
        return NULL;
    PyObject *ids = PySequence_Fast(ids_obj, "ids must be a sequence of name ids");
    if (ids == NULL) return NULL;
    texts names = {0}, packed = {0};
    PyObject *result = NULL, *empty = NULL;
    Py_ssize_t *at = NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(ids);
    if (open_texts(names_obj, &names, "names") < 0 || open_texts(packed_obj, &packed, "packed") < 0)
        goto done;
    if (names.n != packed.n || PyTuple_GET_SIZE(pys) != names.n) {
        PyErr_SetString(PyExc_ValueError, "names, pys and packed must be as long");
        goto done;
    }
    at = PyMem_Malloc(sizeof(Py_ssize_t) * (n ? n : 1));
    if (at == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_ssize_t i = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(ids, k));
        if (i == -1 && PyErr_Occurred()) goto done;
        if (i < 0 || i >= names.n) {
            PyErr_SetString(PyExc_IndexError, "a name id outside the index");
            goto done;
        }
        at[k] = i;
        /* first pass: where each item starts, and its pinyin */
        PREFETCH((const int64_t *)names.starts.buf + i);
        PREFETCH((const int64_t *)packed.starts.buf + i);
        PREFETCH(((PyTupleObject *)pys)->ob_item + i);
    }
    const int64_t *name_starts = names.starts.buf, *packed_starts = packed.starts.buf;
    for (Py_ssize_t k = 0; k < n; k++) { /* second pass: the texts themselves */
        int64_t a = name_starts[at[k]], b = packed_starts[at[k]];
        if (a >= 0 && a < PyBytes_GET_SIZE(names.data)) PREFETCH(PyBytes_AS_STRING(names.data) + a);
        if (b >= 0 && b < PyBytes_GET_SIZE(packed.data))
            PREFETCH(PyBytes_AS_STRING(packed.data) + b);
        PREFETCH(PyTuple_GET_ITEM(pys, at[k]));
    }
    empty = PyTuple_New(0);
    result = empty ? PyList_New(n) : NULL;
    if (result == NULL) goto done;
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_ssize_t i = at[k];
        const char *text, *fields;
        Py_ssize_t text_len, fields_len;
        PyObject *pinyin = PyTuple_GET_ITEM(pys, i);
        if (!PyUnicode_Check(pinyin)) {
            PyErr_SetString(PyExc_TypeError, "pys must hold str");
            goto fail;
        }
        if (item_bytes(&names, i, &text, &text_len) < 0) goto fail;
        if (item_bytes(&packed, i, &fields, &fields_len) < 0) goto fail;
        PyObject *original = decoded(text, text_len);
        if (original == NULL) goto fail;
        PyObject *dict = name_dict(original, pinyin, fields, fields_len, forms);
        Py_DECREF(original);
        if (dict == NULL) goto fail;
        /* object.__new__(cls), then its __dict__: what made_directly does */
        PyObject *made = PyBaseObject_Type.tp_new((PyTypeObject *)cls, empty, NULL);
        if (made == NULL || PyObject_GenericSetDict(made, dict, NULL) < 0) {
            Py_XDECREF(made);
            Py_DECREF(dict);
            goto fail;
        }
        Py_DECREF(dict);
        PyList_SET_ITEM(result, k, made);
    }
    goto done;
fail:
    Py_CLEAR(result);
done:
    Py_XDECREF(empty);
    PyMem_Free(at);
    close_texts(&names);
    close_texts(&packed);
    Py_DECREF(ids);
    return result;
}

/* -- exact_names ------------------------------------------------------------------------- */

static PyObject *exact_names(PyObject *Py_UNUSED(self), PyObject *args) {
    unsigned long h;
    int shift, is_han;
    Py_ssize_t most;
    Py_buffer starts, hashes, ids, han;
    PyObject *keys, *core, *result = NULL;
    if (!PyArg_ParseTuple(args, "ky*y*y*iy*pO!Un", &h, &starts, &hashes, &ids, &shift, &han,
                          &is_han, &PyTuple_Type, &keys, &core, &most))
        return NULL;
    Py_ssize_t nstarts = starts.len / 8, nhashes = hashes.len / 4, nkeys = PyTuple_GET_SIZE(keys);
    unsigned long bucket = (shift >= 0 && shift < 32) ? h >> shift : 0;
    if (starts.len % 8 || hashes.len % 4 || ids.len != hashes.len || shift < 0 || shift >= 32 ||
        h > 0xffffffffUL || (Py_ssize_t)bucket + 1 >= nstarts || han.len != nkeys) {
        PyErr_SetString(PyExc_ValueError,
                        "exact_names: int64 starts, uint32 hashes and int32 ids as long, a 32-bit "
                        "hash, a shift below 32, a han byte per key");
        goto done;
    }
    const int64_t *at = starts.buf;
    const uint32_t *hs = hashes.buf;
    const int32_t *id = ids.buf;
    const unsigned char *script = han.buf;
    int64_t lo = at[bucket], hi = at[bucket + 1];
    if (lo < 0 || hi < lo || hi > nhashes) {
        PyErr_SetString(PyExc_ValueError, "exact_names: a bucket reaches outside the hashes");
        goto done;
    }
    while (lo < hi) { /* the first hash >= h */
        int64_t mid = lo + (hi - lo) / 2;
        if (hs[mid] < h) lo = mid + 1;
        else hi = mid;
    }
    int64_t last = lo, end = at[bucket + 1];
    while (last < end && hs[last] == h) last++;
    if (last - lo > most) {
        result = Py_None;
        Py_INCREF(result);
        goto done;
    }
    result = PyList_New(0);
    if (result == NULL) goto done;
    for (int64_t k = lo; k < last; k++) {
        int32_t i = id[k];
        if (i < 0 || i >= nkeys) {
            PyErr_SetString(PyExc_IndexError, "exact_names: an id is not a name");
            Py_CLEAR(result);
            goto done;
        }
        if ((script[i] != 0) != (is_han != 0)) continue;
        int same = PyObject_RichCompareBool(PyTuple_GET_ITEM(keys, i), core, Py_EQ);
        PyObject *v = same > 0 ? PyLong_FromLong(i) : NULL;
        if (same < 0 || (same > 0 && (v == NULL || PyList_Append(result, v) < 0))) {
            Py_XDECREF(v);
            Py_CLEAR(result);
            goto done;
        }
        Py_XDECREF(v);
    }
done:
    PyBuffer_Release(&starts);
    PyBuffer_Release(&hashes);
    PyBuffer_Release(&ids);
    PyBuffer_Release(&han);
    return result;
}

/* -- reach: match.Reach, the bound screening asks before scoring a candidate ------------------
 *
 * reach(prep, c, bar) -> bool
 *
 *   prep  the query's side, made once per query by match.Reach (see _native_prep there):
 *         (script, key, is_han, head, text without spaces, key without spaces, tokens,
 *          which tokens are descriptors, any of them, single, acronym, acronym with prefix,
 *          en_descriptors, STOPWORDS, weight of token_similarity, of compact_similarity,
 *          of acronym, of a descriptor in the alignment of words)
 *   c     a candidate NormalizedName; bar the score it must reach.
 *
 *   What Reach.__call__ answers in Python, the same steps in the same order. The string
 *   measures are rapidfuzz's: fuzz.ratio (Indel: the longest common subsequence),
 *   JaroWinkler.normalized_similarity and "OSA distance at most 1", written out here with the
 *   same floating-point operations in the same order, so that they give the same doubles
 *   (tests/names/test_native.py compares them with rapidfuzz's on many pairs). Why native: a
 *   query that misses its exact core asks it of some twenty candidates, and in Python that was
 *   a twentieth of all the search time. */

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t len;
} ustr;

static inline ustr ustr_of(PyObject *s) {
    ustr u = {PyUnicode_KIND(s), PyUnicode_DATA(s), PyUnicode_GET_LENGTH(s)};
    return u;
}

static inline Py_UCS4 char_at(const ustr *u, Py_ssize_t i) {
    return PyUnicode_READ(u->kind, u->data, i);
}

/* a == b for str: canonical (PEP 393) strings of equal text have the same kind */
static int same_text(PyObject *a, PyObject *b) {
    if (a == b) return 1;
    Py_ssize_t n = PyUnicode_GET_LENGTH(a);
    int kind = PyUnicode_KIND(a);
    return n == PyUnicode_GET_LENGTH(b) && kind == PyUnicode_KIND(b) &&
           memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b), (size_t)n * kind) == 0;
}

static int all_digits(PyObject *s) { /* str.isdigit() */
    ustr u = ustr_of(s);
    if (u.len == 0) return 0;
    for (Py_ssize_t i = 0; i < u.len; i++)
        if (!Py_UNICODE_ISDIGIT(char_at(&u, i))) return 0;
    return 1;
}

/* length of the longest common subsequence; -1 (MemoryError set) when out of memory */
static Py_ssize_t lcs_length(const ustr *a, const ustr *b) {
    if (b->len > a->len) {
        const ustr *t = a;
        a = b;
        b = t;
    }
    Py_ssize_t m = b->len;
    if (m == 0) return 0;
    if (m <= 64 && a->kind == PyUnicode_1BYTE_KIND && b->kind == PyUnicode_1BYTE_KIND) {
        /* bit-parallel (Hyyro): a bit per character of b, where it is in b. The table is
         * all zeros between calls (those set are put back), which saves clearing 2 KB each
         * time; the GIL keeps callers apart */
        static uint64_t where[256];
        const unsigned char *bs = b->data, *as = a->data;
        for (Py_ssize_t j = 0; j < m; j++) where[bs[j]] |= (uint64_t)1 << j;
        uint64_t v = ~(uint64_t)0;
        for (Py_ssize_t i = 0; i < a->len; i++) {
            uint64_t u = v & where[as[i]];
            v = (v + u) | (v - u);
        }
        for (Py_ssize_t j = 0; j < m; j++) where[bs[j]] = 0;
        uint64_t mask = m == 64 ? ~(uint64_t)0 : (((uint64_t)1 << m) - 1);
        return (Py_ssize_t)__builtin_popcountll(~v & mask);
    }
    if (m <= 64) {
        /* the same for any characters (Han, accented): their bits in a small hash table */
        struct {
            Py_UCS4 ch;
            uint64_t bits;
        } table[128];
        const Py_UCS4 none = 0xFFFFFFFF; /* no character has it */
        size_t size = 8;
        while (size < 2 * (size_t)m) size *= 2;
        for (size_t k = 0; k < size; k++) table[k].ch = none;
        for (Py_ssize_t j = 0; j < m; j++) {
            Py_UCS4 ch = char_at(b, j);
            size_t k = (ch * 2654435761u) & (size - 1);
            while (table[k].ch != none && table[k].ch != ch) k = (k + 1) & (size - 1);
            if (table[k].ch == none) {
                table[k].ch = ch;
                table[k].bits = 0;
            }
            table[k].bits |= (uint64_t)1 << j;
        }
        uint64_t v = ~(uint64_t)0;
        for (Py_ssize_t i = 0; i < a->len; i++) {
            Py_UCS4 ch = char_at(a, i);
            size_t k = (ch * 2654435761u) & (size - 1);
            while (table[k].ch != none && table[k].ch != ch) k = (k + 1) & (size - 1);
            uint64_t u = table[k].ch == ch ? v & table[k].bits : 0;
            v = (v + u) | (v - u);
        }
        uint64_t mask = m == 64 ? ~(uint64_t)0 : (((uint64_t)1 << m) - 1);
        return (Py_ssize_t)__builtin_popcountll(~v & mask);
    }
    Py_ssize_t stack[129], *row = stack;
    if (m + 1 > 129) {
        row = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(m + 1));
        if (row == NULL) {
            PyErr_NoMemory();
            return -1;
        }
    }
    for (Py_ssize_t j = 0; j <= m; j++) row[j] = 0;
    for (Py_ssize_t i = 0; i < a->len; i++) {
        Py_UCS4 ch = char_at(a, i);
        Py_ssize_t diagonal = 0;
        for (Py_ssize_t j = 1; j <= m; j++) {
            Py_ssize_t above = row[j];
            if (char_at(b, j - 1) == ch) row[j] = diagonal + 1;
            else if (row[j - 1] > above) row[j] = row[j - 1];
            diagonal = above;
        }
    }
    Py_ssize_t found = row[m];
    if (row != stack) PyMem_Free(row);
    return found;
}

/* fuzz.ratio(a, b) / 100.0, as rapidfuzz computes it; < 0 when out of memory */
static double ratio(const ustr *a, const ustr *b) {
    Py_ssize_t total = a->len + b->len;
    if (total == 0) return (1.0 * 100.0) / 100.0;
    Py_ssize_t common = lcs_length(a, b);
    if (common < 0) return -1.0;
    double distance = (double)(total - 2 * common) / (double)total;
    return ((1.0 - distance) * 100.0) / 100.0;
}

/* rapidfuzz's Jaro similarity; < 0 when out of memory */
static double jaro(const ustr *p, const ustr *t) {
    Py_ssize_t p_len = p->len, t_len = t->len;
    if (!p_len && !t_len) return 1.0;
    if (!p_len || !t_len) return 0.0;
    if (p_len == 1 && t_len == 1) return char_at(p, 0) == char_at(t, 0) ? 1.0 : 0.0;
    /* beyond the window, characters of the longer string can never match: left out */
    Py_ssize_t bound, p_use = p_len, t_use = t_len;
    if (t_len > p_len) {
        bound = t_len / 2 - 1;
        if (t_len > p_len + bound) t_use = p_len + bound;
    } else {
        bound = p_len / 2 - 1;
        if (p_len > t_len + bound) p_use = t_len + bound;
    }
    char stack[256], *flags = stack;
    if (p_use + t_use > 256) {
        flags = PyMem_Malloc((size_t)(p_use + t_use));
        if (flags == NULL) {
            PyErr_NoMemory();
            return -1.0;
        }
    }
    char *p_flag = flags, *t_flag = flags + p_use;
    memset(flags, 0, (size_t)(p_use + t_use));
    Py_ssize_t common = 0;
    for (Py_ssize_t i = 0; i < p_use; i++) {
        Py_UCS4 ch = char_at(p, i);
        Py_ssize_t lo = i > bound ? i - bound : 0, hi = i + bound < t_use - 1 ? i + bound : t_use - 1;
        for (Py_ssize_t j = lo; j <= hi; j++) {
            if (!t_flag[j] && char_at(t, j) == ch) {
                p_flag[i] = t_flag[j] = 1;
                common++;
                break;
            }
        }
    }
    double sim = 0.0;
    if (common) {
        Py_ssize_t k = 0, transpositions = 0;
        for (Py_ssize_t i = 0; i < p_use; i++) {
            if (!p_flag[i]) continue;
            Py_ssize_t j = k;
            while (j < t_use && !t_flag[j]) j++;
            k = j + 1;
            if (j < t_use && char_at(p, i) != char_at(t, j)) transpositions++;
        }
        transpositions /= 2;
        sim += (double)common / (double)p_len;
        sim += (double)common / (double)t_len;
        sim += (double)(common - transpositions) / (double)common;
        sim = sim / 3.0;
    }
    if (flags != stack) PyMem_Free(flags);
    return sim;
}

/* JaroWinkler.normalized_similarity(p, t) (prefix weight 0.1); < 0 when out of memory */
static double jaro_winkler(const ustr *p, const ustr *t) {
    Py_ssize_t most = p->len < t->len ? p->len : t->len, prefix = 0;
    if (most > 4) most = 4;
    while (prefix < most && char_at(p, prefix) == char_at(t, prefix)) prefix++;
    double sim = jaro(p, t);
    if (sim < 0) return sim;
    if (sim > 0.7) {
        sim += (double)prefix * 0.1 * (1.0 - sim);
        if (sim > 1.0) sim = 1.0;
    }
    /* normalized_similarity is 1 - normalized_distance, which is 1 - similarity: the same
     * value, not always the same double */
    return 1.0 - (1.0 - sim);
}

/* match._token_sim; < 0 when out of memory */
static double token_sim(PyObject *a, PyObject *b) {
    if (same_text(a, b)) return 1.0;
    if (PyUnicode_GET_LENGTH(a) <= 3 || PyUnicode_GET_LENGTH(b) <= 3 || all_digits(a) ||
        all_digits(b))
        return 0.0;
    ustr x = ustr_of(a), y = ustr_of(b);
    double indel = ratio(&x, &y), jw = indel < 0 ? -1.0 : jaro_winkler(&x, &y);
    if (jw < 0) return -1.0;
    double sim = (indel + jw) / 2;
    return sim >= 0.75 ? sim : 0.0;
}

/* OSA.distance(a, b) <= 1: equal, or one letter left out, added, changed, or two neighbours
 * swapped */
static int one_typo(PyObject *a, PyObject *b) {
    ustr x = ustr_of(a), y = ustr_of(b);
    if (x.len < y.len) {
        ustr t = x;
        x = y;
        y = t;
    }
    Py_ssize_t i = 0;
    while (i < y.len && char_at(&x, i) == char_at(&y, i)) i++;
    if (x.len == y.len) {
        if (i == x.len) return 1;
        Py_ssize_t rest = i + 1; /* one changed at i, or i and i+1 swapped */
        if (i + 1 < x.len && char_at(&x, i) == char_at(&y, i + 1) &&
            char_at(&x, i + 1) == char_at(&y, i))
            rest = i + 2;
        for (Py_ssize_t k = rest; k < x.len; k++)
            if (char_at(&x, k) != char_at(&y, k)) return 0;
        return 1;
    }
    if (x.len != y.len + 1) return 0;
    for (Py_ssize_t k = i; k < y.len; k++) /* x's letter i left out */
        if (char_at(&x, k + 1) != char_at(&y, k)) return 0;
    return 1;
}

typedef struct {
    double sim;
    Py_ssize_t i, j;
} pair;

static int pair_order(const void *x, const void *y) { /* sorted(reverse=True) of (sim, i, j) */
    const pair *a = x, *b = y;
    if (a->sim != b->sim) return a->sim > b->sim ? -1 : 1;
    if (a->i != b->i) return a->i > b->i ? -1 : 1;
    if (a->j != b->j) return a->j > b->j ? -1 : 1;
    return 0;
}

/* match._align(ta, tb)[0] (weights given: 0.3 a descriptor, else 1), or with weights NULL
 * match._aligned_words (every word 1, a pair of equal words 1); < 0 when out of memory */
static double aligned(PyObject **ta, const double *wa, Py_ssize_t na, PyObject **tb,
                      const double *wb, Py_ssize_t nb, char *used_out) {
    if (wa == NULL && na == 1 && nb == 1 && used_out == NULL) return token_sim(ta[0], tb[0]);
    Py_ssize_t most = na * nb > 0 ? na * nb : 1, sides = na + nb > 0 ? na + nb : 1;
    pair *pairs = PyMem_Malloc(sizeof(pair) * (size_t)most);
    char *used = PyMem_Calloc((size_t)sides, 1);
    double result = -1.0;
    if (pairs == NULL || used == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t n = 0;
    for (Py_ssize_t i = 0; i < na; i++) {
        for (Py_ssize_t j = 0; j < nb; j++) {
            double sim = token_sim(ta[i], tb[j]);
            if (sim < 0) goto done;
            if (wa != NULL || sim > 0.0) pairs[n++] = (pair){sim, i, j};
        }
    }
    qsort(pairs, (size_t)n, sizeof(pair), pair_order);
    double matched = 0.0;
    for (Py_ssize_t k = 0; k < n; k++) {
        if (pairs[k].sim <= 0.0) break;
        Py_ssize_t i = pairs[k].i, j = pairs[k].j;
        if (used[i] || used[na + j]) continue;
        used[i] = used[na + j] = 1;
        matched += wa != NULL ? pairs[k].sim * (wa[i] + wb[j]) : pairs[k].sim * 2.0;
    }
    if (wa == NULL) {
        result = matched / (double)(na + nb);
    } else {
        double sum_a = 0.0, sum_b = 0.0;
        for (Py_ssize_t i = 0; i < na; i++) sum_a += wa[i];
        for (Py_ssize_t j = 0; j < nb; j++) sum_b += wb[j];
        double total = sum_a + sum_b;
        result = total != 0.0 ? matched / total : 0.0;
    }
    if (used_out != NULL) memcpy(used_out, used, (size_t)(na + nb));
done:
    PyMem_Free(pairs);
    PyMem_Free(used);
    return result;
}

/* align(ta, tb, en, w_desc) -> (similarity, unmatched words of ta, of tb): match._align, a
 * word of en weighing w_desc, any other 1. The same doubles as the Python code: the same
 * token_sim, the pairs taken in the same order, the sums added in the same order. */
static PyObject *align(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *ta, *tb, *en, *result = NULL, *rest_a = NULL, *rest_b = NULL;
    double w_desc;
    if (!PyArg_ParseTuple(args, "O!O!Od", &PyTuple_Type, &ta, &PyTuple_Type, &tb, &en, &w_desc))
        return NULL;
    if (!PyAnySet_Check(en)) {
        PyErr_SetString(PyExc_TypeError, "align: en must be a set of words");
        return NULL;
    }
    Py_ssize_t na = PyTuple_GET_SIZE(ta), nb = PyTuple_GET_SIZE(tb);
    double *weights = PyMem_Malloc(sizeof(double) * (size_t)(na + nb + 1));
    char *used = PyMem_Malloc((size_t)(na + nb + 1));
    if (weights == NULL || used == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    PyObject **words[2] = {((PyTupleObject *)ta)->ob_item, ((PyTupleObject *)tb)->ob_item};
    for (Py_ssize_t k = 0; k < na + nb; k++) {
        PyObject *word = k < na ? words[0][k] : words[1][k - na];
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "align: the words must be str");
            goto done;
        }
        int in = PySet_Contains(en, word);
        if (in < 0) goto done;
        weights[k] = in ? w_desc : 1.0;
    }
    double sim = aligned(words[0], weights, na, words[1], weights + na, nb, used);
    if (sim < 0) goto done;
    rest_a = PyList_New(0);
    rest_b = PyList_New(0);
    if (rest_a == NULL || rest_b == NULL) goto done;
    for (Py_ssize_t k = 0; k < na + nb; k++) {
        if (!used[k] && PyList_Append(k < na ? rest_a : rest_b,
                                      k < na ? words[0][k] : words[1][k - na]) < 0)
            goto done;
    }
    result = Py_BuildValue("dOO", sim, rest_a, rest_b);
done:
    Py_XDECREF(rest_a);
    Py_XDECREF(rest_b);
    PyMem_Free(weights);
    PyMem_Free(used);
    return result;
}

enum {
    P_SCRIPT, P_KEY, P_HAN, P_HEAD, P_NOSPACE, P_COMPACT, P_TOKENS, P_PLAIN, P_HAS_DESC,
    P_SINGLE, P_ACRONYM, P_ACRONYM_PREFIX, P_EN, P_STOPWORDS, P_W_TOKEN, P_W_COMPACT,
    P_W_ACRONYM, P_W_DESCRIPTOR, P_SIZE
};

static PyObject *s_script, *s_key, *s_head, *s_tokens, *s_acronym, *s_text; /* interned */

/* c.<name> (a new reference, NULL with an error set): from the instance's __dict__ when it
 * has one (a NormalizedName's fields all live there), which is cheaper than the general look-up */
static PyObject *field_of(PyObject *c, PyObject *dict, PyObject *name) {
    if (dict != NULL) {
        PyObject *v = PyDict_GetItemWithError(dict, name);
        if (v != NULL) {
            Py_INCREF(v);
            return v;
        }
        if (PyErr_Occurred()) return NULL;
    }
    return PyObject_GetAttr(c, name);
}

/* match.acronym_with_prefix(c) from c.text: the initials of its words, the words of
 * ``stopwords`` (match._unspelt: stop words, short legal forms) and numbers left out, when two
 * or more; NULL with an error set */
static PyObject *acronym_with_prefix(PyObject *text, PyObject *stopwords) {
    PyObject *words = PyUnicode_Split(text, NULL, -1), *out = NULL;
    if (words == NULL) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(words), kept = 0;
    Py_UCS4 *initials = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(n ? n : 1));
    if (initials == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *w = PyList_GET_ITEM(words, k);
        int stop = PySet_Contains(stopwords, w);
        if (stop < 0) goto done;
        if (!stop && !all_digits(w)) initials[kept++] = PyUnicode_READ_CHAR(w, 0);
    }
    out = kept >= 2 ? PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, initials, kept)
                    : PyUnicode_FromStringAndSize("", 0);
done:
    PyMem_Free(initials);
    Py_DECREF(words);
    return out;
}

/* the candidate's text or key without spaces, into buf (as long as s); a view of it */
static ustr without_spaces(PyObject *s, Py_UCS4 *buf) {
    ustr u = ustr_of(s), out = {PyUnicode_4BYTE_KIND, buf, 0};
    for (Py_ssize_t i = 0; i < u.len; i++) {
        Py_UCS4 ch = char_at(&u, i);
        if (ch != ' ') buf[out.len++] = ch;
    }
    return out;
}

/* 1 may reach, 0 not, -1 error: Reach.__call__ for a Latin query, bar lowered by the margin */
static int reach_latin(PyObject **p, PyObject *c, PyObject *dict, double bar, PyObject *c_key,
                       PyObject *c_tokens) {
    double w_token = PyFloat_AS_DOUBLE(p[P_W_TOKEN]), w_compact = PyFloat_AS_DOUBLE(p[P_W_COMPACT]);
    PyObject *q_key = p[P_KEY], *q_tokens = p[P_TOKENS], *en = p[P_EN];
    Py_ssize_t nc = PyTuple_GET_SIZE(c_tokens), nq = PyTuple_GET_SIZE(q_tokens);
    int found = -1;
    PyObject *c_acronym = NULL, *c_text = NULL, *prefixed = NULL;
    Py_UCS4 *buf = NULL;
    char *flags = NULL;
    PyObject **dist = NULL;
    double *weights = NULL;
    if (bar <= PyFloat_AS_DOUBLE(p[P_W_ACRONYM])) {
        if (p[P_SINGLE] == Py_True) {
            if ((c_acronym = field_of(c, dict, s_acronym)) == NULL) goto done;
            if (!PyUnicode_Check(c_acronym)) goto wrong;
            if (PyUnicode_GET_LENGTH(c_acronym) > 0) {
                if (same_text(q_key, c_acronym)) goto yes;
                if ((c_text = field_of(c, dict, s_text)) == NULL) goto done;
                if (!PyUnicode_Check(c_text)) goto wrong;
                if ((prefixed = acronym_with_prefix(c_text, p[P_STOPWORDS])) == NULL) goto done;
                if (same_text(q_key, prefixed)) goto yes;
            }
        }
        Py_ssize_t key_len = PyUnicode_GET_LENGTH(c_key);
        if (PyUnicode_GET_LENGTH(p[P_ACRONYM]) > 0 && nc == 1 && key_len >= 2 && key_len <= 8 &&
            (same_text(c_key, p[P_ACRONYM]) || same_text(c_key, p[P_ACRONYM_PREFIX])))
            goto yes;
    }
    if (c_text == NULL && ((c_text = field_of(c, dict, s_text)) == NULL)) goto done;
    if (!PyUnicode_Check(c_text)) goto wrong;
    Py_ssize_t longest = PyUnicode_GET_LENGTH(c_text) > PyUnicode_GET_LENGTH(c_key)
                             ? PyUnicode_GET_LENGTH(c_text)
                             : PyUnicode_GET_LENGTH(c_key);
    buf = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(longest ? longest : 1));
    if (buf == NULL) goto no_memory;
    if (w_compact >= bar) {
        ustr q_nospace = ustr_of(p[P_NOSPACE]), c_nospace = without_spaces(c_text, buf);
        int equal = q_nospace.len == c_nospace.len;
        for (Py_ssize_t i = 0; equal && i < q_nospace.len; i++)
            equal = char_at(&q_nospace, i) == buf[i];
        if (equal) goto yes;
    }
    ustr q_compact = ustr_of(p[P_COMPACT]), c_compact = without_spaces(c_key, buf);
    double r = ratio(&q_compact, &c_compact);
    if (r < 0) goto done;
    if (w_compact * pow(r, 3.0) >= bar) goto yes;
    /* which words are descriptors (or, next to one, a misspelt one), as Reach._distinctive */
    flags = PyMem_Calloc((size_t)(2 * (nq + nc) + 1), 1);
    dist = PyMem_Malloc(sizeof(PyObject *) * (size_t)(nq + nc + 1));
    weights = PyMem_Malloc(sizeof(double) * (size_t)(nq + nc + 1));
    if (flags == NULL || dist == NULL || weights == NULL) goto no_memory;
    char *c_plain = flags, *q_desc = flags + nc, *c_desc = flags + nc + nq;
    PyObject **q_tok = ((PyTupleObject *)q_tokens)->ob_item;
    PyObject **c_tok = ((PyTupleObject *)c_tokens)->ob_item;
    PyObject *plain = p[P_PLAIN];
    int c_en = 0, q_en = p[P_HAS_DESC] == Py_True;
    for (Py_ssize_t k = 0; k < nc; k++) {
        if (!PyUnicode_Check(c_tok[k])) goto wrong;
        int in = PySet_Contains(en, c_tok[k]);
        if (in < 0) goto done;
        c_plain[k] = (char)in;
        c_en |= in;
    }
    Py_ssize_t nq_dist = nq, nc_dist = nc;
    PyObject **dist_q = q_tok, **dist_c = c_tok;
    if (q_en || c_en) {
        /* _misspelt(t, other): not in other, 4 letters or more, one typo from a descriptor of
         * other that has 4 letters or more */
        for (Py_ssize_t side = 0; side < 2; side++) {
            PyObject **mine = side ? c_tok : q_tok, **other = side ? q_tok : c_tok;
            Py_ssize_t n_mine = side ? nc : nq, n_other = side ? nq : nc;
            char *desc = side ? c_desc : q_desc;
            int other_en = side ? q_en : c_en;
            for (Py_ssize_t k = 0; k < n_mine; k++) {
                int d = side ? c_plain[k] : PyTuple_GET_ITEM(plain, k) == Py_True;
                if (!d && other_en && PyUnicode_GET_LENGTH(mine[k]) >= 4) {
                    int in_other = 0;
                    for (Py_ssize_t o = 0; o < n_other && !in_other; o++)
                        in_other = same_text(mine[k], other[o]);
                    for (Py_ssize_t o = 0; o < n_other && !in_other && !d; o++) {
                        int o_desc = side ? PyTuple_GET_ITEM(plain, o) == Py_True : c_plain[o];
                        d = o_desc && PyUnicode_GET_LENGTH(other[o]) >= 4 &&
                            one_typo(mine[k], other[o]);
                    }
                }
                desc[k] = (char)d;
            }
        }
        /* the words equal to none of their side's descriptors */
        dist_q = dist;
        dist_c = dist + nq;
        nq_dist = nc_dist = 0;
        for (Py_ssize_t side = 0; side < 2; side++) {
            PyObject **mine = side ? c_tok : q_tok, **out = side ? dist_c : dist_q;
            Py_ssize_t n_mine = side ? nc : nq, *kept = side ? &nc_dist : &nq_dist;
            char *desc = side ? c_desc : q_desc;
            for (Py_ssize_t k = 0; k < n_mine; k++) {
                int is_desc = 0;
                for (Py_ssize_t d = 0; d < n_mine && !is_desc; d++)
                    is_desc = desc[d] && same_text(mine[k], mine[d]);
                if (!is_desc) out[(*kept)++] = mine[k];
            }
        }
    }
    if (nq_dist && nc_dist) {
        Py_ssize_t fewer = nq_dist < nc_dist ? nq_dist : nc_dist;
        if (w_token * 2 * (double)fewer / (double)(nq_dist + nc_dist) < bar) goto no;
        double sim = aligned(dist_q, NULL, nq_dist, dist_c, NULL, nc_dist, NULL);
        if (sim < 0) goto done;
        found = w_token * sim >= bar;
        goto done;
    }
    double w_desc = PyFloat_AS_DOUBLE(p[P_W_DESCRIPTOR]);
    for (Py_ssize_t k = 0; k < nq; k++)
        weights[k] = PyTuple_GET_ITEM(plain, k) == Py_True ? w_desc : 1.0;
    for (Py_ssize_t k = 0; k < nc; k++) weights[nq + k] = c_plain[k] ? w_desc : 1.0;
    double sim = aligned(q_tok, weights, nq, c_tok, weights + nq, nc, NULL);
    if (sim < 0) goto done;
    found = w_token * sim >= bar;
    goto done;
no_memory:
    PyErr_NoMemory();
    goto done;
wrong:
    PyErr_SetString(PyExc_TypeError, "reach: a candidate's fields must be str");
    goto done;
yes:
    found = 1;
    goto done;
no:
    found = 0;
done:
    Py_XDECREF(c_acronym);
    Py_XDECREF(c_text);
    Py_XDECREF(prefixed);
    PyMem_Free(buf);
    PyMem_Free(flags);
    PyMem_Free(dist);
    PyMem_Free(weights);
    return found;
}

static PyObject *reach(PyObject *Py_UNUSED(self), PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyTuple_Check(args[0]) || PyTuple_GET_SIZE(args[0]) != P_SIZE) {
        PyErr_SetString(PyExc_TypeError, "reach(prep, candidate, bar): prep from match.Reach");
        return NULL;
    }
    PyObject **p = ((PyTupleObject *)args[0])->ob_item, *c = args[1];
    double bar = PyFloat_AsDouble(args[2]);
    if (bar == -1.0 && PyErr_Occurred()) return NULL;
    for (int k = 0; k < P_SIZE; k++) {
        int ok = k == P_HAN || k == P_HAS_DESC || k == P_SINGLE ? PyBool_Check(p[k])
                 : k == P_TOKENS || k == P_PLAIN              ? PyTuple_Check(p[k])
                 : k == P_EN || k == P_STOPWORDS               ? PyAnySet_Check(p[k])
                 : k >= P_W_TOKEN                              ? PyFloat_Check(p[k])
                                                               : PyUnicode_Check(p[k]);
        if (!ok || (k == P_PLAIN && PyTuple_GET_SIZE(p[k]) != PyTuple_GET_SIZE(p[P_TOKENS]))) {
            PyErr_SetString(PyExc_TypeError, "reach: prep is not what match.Reach makes");
            return NULL;
        }
    }
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(p[P_TOKENS]); k++) {
        if (!PyUnicode_Check(PyTuple_GET_ITEM(p[P_TOKENS], k))) {
            PyErr_SetString(PyExc_TypeError, "reach: prep is not what match.Reach makes");
            return NULL;
        }
    }
    PyObject *script = NULL, *key = NULL, *other = NULL;
    int found = -1;
    PyObject *dict = PyObject_GenericGetDict(c, NULL);
    if (dict == NULL) PyErr_Clear(); /* no __dict__: its attributes are asked */
    if (dict != NULL && !PyDict_Check(dict)) Py_CLEAR(dict);
    if ((script = field_of(c, dict, s_script)) == NULL) goto done;
    if ((key = field_of(c, dict, s_key)) == NULL) goto done;
    if (!PyUnicode_Check(script) || !PyUnicode_Check(key)) {
        PyErr_SetString(PyExc_TypeError, "reach: a candidate's fields must be str");
        goto done;
    }
    if (!same_text(p[P_SCRIPT], script) || same_text(p[P_KEY], key)) {
        found = 1;
        goto done;
    }
    bar -= 1e-3; /* match._ROUNDING */
    if (p[P_HAN] == Py_True) { /* _han_han: the heads' ratio, or the cores' ratio squared */
        if ((other = field_of(c, dict, s_head)) == NULL) goto done;
        if (!PyUnicode_Check(other)) {
            PyErr_SetString(PyExc_TypeError, "reach: a candidate's fields must be str");
            goto done;
        }
        ustr qh = ustr_of(p[P_HEAD]), ch = ustr_of(other), qk = ustr_of(p[P_KEY]), ck = ustr_of(key);
        double head = same_text(p[P_HEAD], other) ? 1.0 : ratio(&qh, &ch);
        if (head < 0) goto done;
        if (PyFloat_AS_DOUBLE(p[P_W_TOKEN]) * head >= bar) {
            found = 1;
            goto done;
        }
        double core = ratio(&qk, &ck);
        if (core < 0) goto done;
        found = PyFloat_AS_DOUBLE(p[P_W_COMPACT]) * core * core >= bar;
        goto done;
    }
    if ((other = field_of(c, dict, s_tokens)) == NULL) goto done;
    if (!PyTuple_Check(other)) {
        PyErr_SetString(PyExc_TypeError, "reach: a candidate's tokens must be a tuple");
        goto done;
    }
    found = reach_latin(p, c, dict, bar, key, other);
done:
    Py_XDECREF(dict);
    Py_XDECREF(script);
    Py_XDECREF(key);
    Py_XDECREF(other);
    if (found < 0) return NULL;
    return PyBool_FromLong(found);
}

/* ratio, jaro_winkler, token_sim and one_typo as functions, for the tests that compare them
 * with rapidfuzz */
static PyObject *measures(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "UU", &a, &b)) return NULL;
    ustr x = ustr_of(a), y = ustr_of(b);
    double r = ratio(&x, &y), jw = r < 0 ? -1 : jaro_winkler(&x, &y);
    double sim = jw < 0 ? -1 : token_sim(a, b);
    if (sim < 0) return NULL;
    return Py_BuildValue("dddO", r, jw, sim, one_typo(a, b) ? Py_True : Py_False);
}

/* -- prescored: NameIndex._prescored ------------------------------------------------------
 *
 * prescored(ids, han, is_han, keys, core, pys, pinyin, keep) -> list[int]
 *
 *   The `keep` best of ids by fuzz.ratio of the query's core against keys[i] (names of the
 *   query's script: han[i] == is_han) or of its pinyin against pys[i] (the other script's),
 *   best first, equal ratios in the order of ids. The ratio is reach's, the same double as
 *   rapidfuzz's. As in unpack_names, the reads go in passes (the tuple slots, then the texts
 *   they point to, then the ratios), so that their memory misses overlap. */

typedef struct {
    double sim;
    Py_ssize_t at;
} ranked;

static int ranked_order(const void *x, const void *y) { /* best first, then as given */
    const ranked *a = x, *b = y;
    if (a->sim != b->sim) return a->sim > b->sim ? -1 : 1;
    return (a->at > b->at) - (a->at < b->at);
}

static PyObject *prescored(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *ids_obj, *keys, *core, *pys, *pinyin;
    Py_buffer han;
    int is_han;
    Py_ssize_t keep;
    if (!PyArg_ParseTuple(args, "Oy*pO!UO!Un", &ids_obj, &han, &is_han, &PyTuple_Type, &keys,
                          &core, &PyTuple_Type, &pys, &pinyin, &keep))
        return NULL;
    PyObject *ids = PySequence_Fast(ids_obj, "ids must be a sequence of name ids"), *result = NULL;
    ranked *order = NULL;
    if (ids == NULL) goto done;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(ids), nkeys = PyTuple_GET_SIZE(keys);
    if (han.len != nkeys || PyTuple_GET_SIZE(pys) != nkeys) {
        PyErr_SetString(PyExc_ValueError, "prescored: a han byte, a key and a pinyin per name");
        goto done;
    }
    order = PyMem_Malloc(sizeof(ranked) * (size_t)(n ? n : 1));
    if (order == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    const unsigned char *script = han.buf;
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_ssize_t i = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(ids, k));
        if (i == -1 && PyErr_Occurred()) goto done;
        if (i < 0 || i >= nkeys) {
            PyErr_SetString(PyExc_IndexError, "prescored: a name id outside the index");
            goto done;
        }
        order[k].at = i; /* the id for now; its place once scored */
        PREFETCH(script + i);
        PREFETCH(((PyTupleObject *)keys)->ob_item + i);
        PREFETCH(((PyTupleObject *)pys)->ob_item + i);
    }
    for (Py_ssize_t k = 0; k < n; k++) { /* then the texts the slots point to */
        Py_ssize_t i = order[k].at;
        PREFETCH(PyTuple_GET_ITEM((script[i] != 0) == (is_han != 0) ? keys : pys, i));
    }
    ustr q_core = ustr_of(core), q_pinyin = ustr_of(pinyin);
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_ssize_t i = order[k].at;
        int same = (script[i] != 0) == (is_han != 0);
        PyObject *text = PyTuple_GET_ITEM(same ? keys : pys, i);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "prescored: keys and pys must hold str");
            goto done;
        }
        ustr other = ustr_of(text);
        order[k].sim = ratio(same ? &q_core : &q_pinyin, &other);
        if (order[k].sim < 0) goto done;
        order[k].at = k;
    }
    qsort(order, (size_t)n, sizeof(ranked), ranked_order);
    Py_ssize_t out = keep < n ? (keep > 0 ? keep : 0) : n;
    result = PyList_New(out);
    if (result == NULL) goto done;
    for (Py_ssize_t k = 0; k < out; k++) {
        PyObject *id = PySequence_Fast_GET_ITEM(ids, order[k].at);
        Py_INCREF(id);
        PyList_SET_ITEM(result, k, id);
    }
done:
    PyMem_Free(order);
    Py_XDECREF(ids);
    PyBuffer_Release(&han);
    return result;
}

static PyMethodDef methods[] = {
    {"exact_names", exact_names, METH_VARARGS,
     "exact_names(h, starts, hashes, ids, shift, han, is_han, keys, core, most) -> ids or None"},
    {"top_blocked", top_blocked, METH_VARARGS,
     "top_blocked(postings, spans, gathered, depth, names) -> the depth best name ids"},
    {"prescored", prescored, METH_VARARGS,
     "prescored(ids, han, is_han, keys, core, pys, pinyin, keep) -> the keep best ids"},
    {"reach", (PyCFunction)(void (*)(void))reach, METH_FASTCALL,
     "reach(prep, candidate, bar) -> match.Reach's answer for one candidate"},
    {"align", align, METH_VARARGS,
     "align(ta, tb, en, w_desc) -> match._align(ta, tb): (similarity, unmatched, unmatched)"},
    {"measures", measures, METH_VARARGS,
     "measures(a, b) -> (fuzz.ratio / 100, Jaro-Winkler, match._token_sim, OSA distance <= 1)"},
    {"unpack_names", unpack_names, METH_VARARGS,
     "unpack_names(ids, names, pys, packed, forms, cls) -> index.unpack of each id"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_native", "The name index's and the matcher's hottest steps in C (optional).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__native(void) {
    for (int f = 0; f < N_NAMES; f++) {
        field_names[f] = PyUnicode_InternFromString(FIELD_NAMES[f]);
        if (field_names[f] == NULL) return NULL;
    }
    PyObject **interned[] = {&s_script, &s_key, &s_head,  &s_tokens,
                             &s_acronym, &s_text, &s_data, &s_starts};
    const char *attrs[] = {"script", "key", "head", "tokens", "acronym", "text", "data", "starts"};
    for (int k = 0; k < 8; k++) {
        *interned[k] = PyUnicode_InternFromString(attrs[k]);
        if (*interned[k] == NULL) return NULL;
    }
    return PyModule_Create(&module);
}
