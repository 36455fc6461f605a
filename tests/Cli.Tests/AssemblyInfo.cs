// Command tests capture the process-wide Console streams: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
