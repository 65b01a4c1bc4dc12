/// `sort … | limit N` (with only `select`s between): keeps the first N rows of the sort's order
/// in a bounded heap instead of holding every row, then passes them on in that order. Equal to
/// the stable sort followed by the limit: ties keep arrival order, nulls go last.
final class TopSink: RowSink {
    private struct Entry {
        var keys: [RowValue]
        var arrival: Int
        var row: JSONValue
    }

    let keys: [LocalSortKey]
    let limit: Int
    let next: any RowSink
    private let descending: [Bool]
    /// A heap whose root is the entry that goes last of those kept.
    private var heap: [Entry] = []
    private var arrivals = 0

    init(_ keys: [LocalSortKey], limit: Int, _ next: any RowSink) {
        self.keys = keys
        self.limit = limit
        self.next = next
        self.descending = keys.map(\.descending)
    }

    func accept(_ row: JSONValue) -> Bool {
        guard limit > 0 else { return true }
        let entry = Entry(keys: keys.map { RowValue(row.value(at: $0.path)) }, arrival: arrivals, row: row)
        arrivals += 1
        if heap.count < limit {
            heap.append(entry)
            siftUp(heap.count - 1)
        } else if precedes(entry, heap[0]) {
            heap[0] = entry
            siftDown(0)
        }
        return true
    }

    func finish() {
        let ordered = heap.sorted(by: precedes)
        heap = []
        for entry in ordered where !next.accept(entry.row) { break }
        next.finish()
    }

    /// Whether `a` comes before `b` in the sort's order (arrival breaks ties).
    private func precedes(_ a: Entry, _ b: Entry) -> Bool {
        for k in 0..<a.keys.count {
            let c = SortSink.compare(a.keys[k], b.keys[k], descending: descending[k])
            if c != 0 { return c < 0 }
        }
        return a.arrival < b.arrival
    }

    private func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            let right = left + 1
            var last = left
            if right < heap.count, precedes(heap[left], heap[right]) { last = right }
            guard precedes(heap[parent], heap[last]) else { return }
            heap.swapAt(parent, last)
            parent = last
        }
    }
}
