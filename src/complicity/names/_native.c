/* complicity.names._native: the blocking step of NameIndex._block in C.
 *
 * Optional: the package builds it when a C compiler is there and falls back to the numpy code
 * in index.py when it is not (both give the same ids in the same order; the tests check it).
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
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>

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

static PyMethodDef methods[] = {
    {"top_blocked", top_blocked, METH_VARARGS,
     "top_blocked(postings, spans, gathered, depth, acc) -> the depth best name ids"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_native", "NameIndex's blocking step in C (optional).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__native(void) { return PyModule_Create(&module); }
