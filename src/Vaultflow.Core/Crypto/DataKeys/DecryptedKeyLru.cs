using System.Security.Cryptography;

namespace Vaultflow.Core.Crypto.DataKeys;

/// <summary>
/// A bounded least-recently-used map of unwrapped data keys with a maximum age. Returns copies;
/// zeroes keys it evicts. Not thread-safe on its own: the owner locks.
/// </summary>
internal sealed class DecryptedKeyLru : IDisposable
{
    private readonly int _capacity;
    private readonly Dictionary<string, LinkedListNode<Entry>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _order = new();

    public DecryptedKeyLru(int capacity) => _capacity = capacity;

    public int Count => _map.Count;

    /// <summary>Looks up by the key's characters, so a hit allocates nothing but the copy.</summary>
    public bool TryGet(ReadOnlySpan<char> cacheKey, DateTimeOffset now, TimeSpan maxAge, out byte[] copy)
    {
        copy = [];
        if (!_map.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(cacheKey, out var node))
        {
            return false;
        }

        if (now - node.Value.AddedAt >= maxAge)
        {
            Remove(node);
            return false;
        }

        _order.Remove(node);
        _order.AddFirst(node);
        copy = node.Value.Key.ToArray();
        return true;
    }

    public void Add(string cacheKey, ReadOnlySpan<byte> key, DateTimeOffset now)
    {
        if (_map.TryGetValue(cacheKey, out var existing))
        {
            Remove(existing);
        }

        while (_map.Count >= _capacity && _order.Last is { } oldest)
        {
            Remove(oldest);
        }

        var node = _order.AddFirst(new Entry(cacheKey, key.ToArray(), now));
        _map.Add(cacheKey, node);
    }

    public void Dispose()
    {
        foreach (var entry in _order)
        {
            CryptographicOperations.ZeroMemory(entry.Key);
        }

        _order.Clear();
        _map.Clear();
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _order.Remove(node);
        _map.Remove(node.Value.CacheKey);
        CryptographicOperations.ZeroMemory(node.Value.Key);
    }

    private sealed record Entry(string CacheKey, byte[] Key, DateTimeOffset AddedAt);
}
