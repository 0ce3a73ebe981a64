/* complicity.names._native: NameIndex's hottest steps in C: the blocking step of
 * NameIndex._block, the unpacking of candidates and the exact-core look-up.
 *
 * Optional: the package builds it when a C compiler is there and falls back to the numpy and
 * Python code in index.py when it is not (both give the same results; the tests check it).
 * Why native: a query that misses its exact core (a typo, a core many names share) adds up a
 * few thousand postings, and in numpy that is a dozen calls of a few microseconds each, most of
 * the time such a query takes.
 *
 * top_blocked(postings, spans, gathered, depth, acc) -> list[int]
 *
 *   postings  int32 buffer: every block's name ids, each block sorted ascending, no repeats
 *   spans     sequence of (start, length, weight): the query's blocks, rarest first
 *   gathered  how many of the first spans bring in candidates; the rest only add their weight
 *             to the candidates already brought in
 *   depth     how many ids to return
 *   acc       float64 buffer of zeros, one per name (left as zeros on return)
 *
 * Returns the `depth` ids with the highest summed weight, highest first; of equal sums the
 * lower id first. Each id's weights are added in span order, as the numpy code adds them, so
 * the sums (and so the order) are the same to the bit.
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
#include <stdlib.h>

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

/* whether the sorted block holds id */
static int holds(const int32_t *block, Py_ssize_t n, int32_t id) {
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (block[mid] < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && block[lo] == id;
}

static PyObject *top_blocked(PyObject *Py_UNUSED(self), PyObject *args) {
    Py_buffer post, acc;
    PyObject *spans_obj, *result = NULL;
    Py_ssize_t gathered, depth;
    if (!PyArg_ParseTuple(args, "y*Onnw*", &post, &spans_obj, &gathered, &depth, &acc))
        return NULL;
    span *spans = NULL;
    int32_t *touched = NULL;
    scored *heap = NULL;
    Py_ssize_t nspans = 0, ntouched = 0;
    if (post.len % 4 != 0 || acc.len % 8 != 0) {
        PyErr_SetString(PyExc_ValueError, "postings must be int32 and acc float64");
        goto done;
    }
    const int32_t *ids = post.buf;
    double *sums = acc.buf;
    Py_ssize_t nids = post.len / 4, nnames = acc.len / 8;
    if (read_spans(spans_obj, nids, &spans, &nspans) < 0) goto done;
    if (gathered < 0 || gathered > nspans) gathered = nspans;
    if (depth < 0) depth = 0;

    Py_ssize_t most = 0;
    for (Py_ssize_t s = 0; s < gathered; s++) most += spans[s].length;
    touched = PyMem_Malloc(sizeof(int32_t) * (most ? most : 1));
    if (touched == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t s = 0; s < gathered; s++) {
        const int32_t *block = ids + spans[s].start;
        double w = spans[s].weight;
        for (Py_ssize_t k = 0; k < spans[s].length; k++) {
            int32_t id = block[k];
            if (id < 0 || id >= nnames) {
                PyErr_SetString(PyExc_IndexError, "a posting is not a name id");
                goto reset;
            }
            if (sums[id] == 0.0) touched[ntouched++] = id;
            sums[id] += w;
        }
    }
    for (Py_ssize_t s = gathered; s < nspans; s++) {
        const int32_t *block = ids + spans[s].start;
        Py_ssize_t n = spans[s].length;
        double w = spans[s].weight;
        /* the fewer steps: look each candidate up in the block, or walk the block */
        Py_ssize_t log2n = 1;
        while (((Py_ssize_t)1 << log2n) < n) log2n++;
        if (ntouched * log2n < n) {
            for (Py_ssize_t t = 0; t < ntouched; t++)
                if (holds(block, n, touched[t])) sums[touched[t]] += w;
        } else {
            for (Py_ssize_t k = 0; k < n; k++) {
                int32_t id = block[k];
                if (id >= 0 && id < nnames && sums[id] != 0.0) sums[id] += w;
            }
        }
    }

    Py_ssize_t keep = ntouched < depth ? ntouched : depth;
    heap = PyMem_Malloc(sizeof(scored) * (keep ? keep : 1));
    if (heap == NULL) {
        PyErr_NoMemory();
        goto reset;
    }
    Py_ssize_t size = 0;
    for (Py_ssize_t t = 0; t < ntouched && keep > 0; t++) {
        scored c = {sums[touched[t]], touched[t]};
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
    if (result == NULL) goto reset;
    for (Py_ssize_t i = 0; i < size; i++) {
        PyObject *v = PyLong_FromLong(heap[i].id);
        if (v == NULL) {
            Py_CLEAR(result);
            goto reset;
        }
        PyList_SET_ITEM(result, i, v);
    }
reset:
    for (Py_ssize_t t = 0; t < ntouched; t++) sums[touched[t]] = 0.0;
done:
    PyMem_Free(heap);
    PyMem_Free(touched);
    PyMem_Free(spans);
    PyBuffer_Release(&post);
    PyBuffer_Release(&acc);
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

static int open_texts(PyObject *obj, texts *t, const char *what) {
    t->data = PyObject_GetAttrString(obj, "data");
    if (t->data == NULL) return -1;
    if (!PyBytes_Check(t->data)) {
        PyErr_Format(PyExc_TypeError, "%s.data must be bytes", what);
        goto fail;
    }
    PyObject *starts = PyObject_GetAttrString(obj, "starts");
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

static PyMethodDef methods[] = {
    {"exact_names", exact_names, METH_VARARGS,
     "exact_names(h, starts, hashes, ids, shift, han, is_han, keys, core, most) -> ids or None"},
    {"top_blocked", top_blocked, METH_VARARGS,
     "top_blocked(postings, spans, gathered, depth, acc) -> the depth best name ids"},
    {"unpack_names", unpack_names, METH_VARARGS,
     "unpack_names(ids, names, pys, packed, forms, cls) -> index.unpack of each id"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_native", "NameIndex's blocking, exact-core look-up and unpacking in C (optional).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__native(void) {
    for (int f = 0; f < N_NAMES; f++) {
        field_names[f] = PyUnicode_InternFromString(FIELD_NAMES[f]);
        if (field_names[f] == NULL) return NULL;
    }
    return PyModule_Create(&module);
}
