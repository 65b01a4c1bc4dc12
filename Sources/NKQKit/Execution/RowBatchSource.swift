/// Where an execution's rows come from, a batch (a page, a chunk of a file) at a time.
enum RowBatchSource: Sendable {
    case pages(PagedFetch)
    case reader(FileRowReader)
    case empty
}
