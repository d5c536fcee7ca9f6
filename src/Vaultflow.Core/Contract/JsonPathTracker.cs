using System.Text;

namespace Vaultflow.Core.Contract;

/// <summary>
/// Tracks where a forward-only JSON reader is, so errors can name a JSONPath. Property names below a
/// <c>data</c> property are rendered as <c>*</c>: they belong to the producer's payload, and error
/// messages end up in logs and DLQ attributes, which must never carry message content.
/// </summary>
internal sealed class JsonPathTracker
{
    private readonly List<Frame> _frames = [];

    public int Depth => _frames.Count;

    /// <summary>Call before every value (scalar or container) so array indexes advance.</summary>
    public void BeforeValue()
    {
        if (_frames.Count > 0 && _frames[^1].IsArray)
        {
            _frames[^1].Index++;
        }
    }

    public void Push(bool isArray)
    {
        var redacted = false;
        if (_frames.Count > 0)
        {
            var parent = _frames[^1];
            redacted = parent.Redacted || (!parent.IsArray && string.Equals(parent.Property, "data", StringComparison.Ordinal));
        }

        _frames.Add(new Frame(isArray, redacted));
    }

    public void Pop() => _frames.RemoveAt(_frames.Count - 1);

    /// <summary>Records the current property; returns false when the object already had that name.</summary>
    public bool TrySetProperty(string name)
    {
        var frame = _frames[^1];
        frame.Property = name;
        frame.Names ??= new HashSet<string>(StringComparer.Ordinal);
        return frame.Names.Add(name);
    }

    /// <summary>The JSONPath of the current position, e.g. <c>$.search.email</c> or <c>$.data.*[2]</c>.</summary>
    public string Current()
    {
        var builder = new StringBuilder("$");
        foreach (var frame in _frames)
        {
            if (frame.IsArray)
            {
                if (frame.Index >= 0)
                {
                    builder.Append('[').Append(frame.Index).Append(']');
                }
            }
            else if (frame.Property is not null)
            {
                AppendProperty(builder, frame.Redacted ? null : frame.Property);
            }
        }

        return builder.ToString();
    }

    internal static void AppendProperty(StringBuilder builder, string? name)
    {
        if (name is null)
        {
            builder.Append(".*");
        }
        else if (IsSimpleName(name))
        {
            builder.Append('.').Append(name);
        }
        else
        {
            builder.Append("['").Append(Describe.SafeName(name)).Append("']");
        }
    }

    private static bool IsSimpleName(string name)
    {
        if (name.Length is 0 or > 64 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class Frame(bool isArray, bool redacted)
    {
        public bool IsArray { get; } = isArray;

        public bool Redacted { get; } = redacted;

        public int Index { get; set; } = -1;

        public string? Property { get; set; }

        public HashSet<string>? Names { get; set; }
    }
}
