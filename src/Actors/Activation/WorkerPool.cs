namespace Mobilize.Actors.Activation;

/// <summary>The activations of one stateless worker id.</summary>
internal sealed class WorkerPool(int max)
{
    private readonly List<ActivationData> _workers = [];

    public int Count
    {
        get { lock (_workers) return _workers.Count; }
    }

    public ActivationData Pick(Func<ActivationData> create, out bool isNew)
    {
        lock (_workers)
        {
            isNew = false;
            foreach (var worker in _workers)
                if (worker.IsIdle) return worker;
            if (_workers.Count < max)
            {
                var fresh = create();
                _workers.Add(fresh);
                isNew = true;
                return fresh;
            }
            return _workers.MinBy(w => w.Load)!;
        }
    }

    public void Remove(ActivationData worker)
    {
        lock (_workers) _workers.Remove(worker);
    }

    public ActivationData[] Snapshot()
    {
        lock (_workers) return [.. _workers];
    }
}
