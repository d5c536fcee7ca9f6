using System.Globalization;
using System.Text;

namespace Vaultflow.Chaos.Plan;

/// <summary>
/// The messages of one run, shuffled with the seed: 80% unique valid messages (15% of them without a
/// producer key), 10% exact duplicates, 5% producer-key duplicates and 5% poison. The poison cycles through
/// every bad-input corpus kind SQS can carry (<see cref="PoisonSource"/>); when 5% is fewer slots than kinds
/// (--quick), the poison count is raised to one of each, taken from the unique valid messages. The corpus's
/// hostile-but-valid bodies are sent once each, also in place of unique valid messages. Every valid message
/// carries the run's plaintext marker (in data.note and search.email), which must never reach the database
/// unencrypted or any log.
/// </summary>
internal sealed class MessagePlan
{
    private MessagePlan(string marker, IReadOnlyList<PlannedMessage> messages, int uniqueValid, IReadOnlyList<PoisonKind> poisonKinds, IReadOnlyList<HostileValidKind> hostileValid)
    {
        Marker = marker;
        Messages = messages;
        UniqueValid = uniqueValid;
        PoisonKinds = poisonKinds;
        HostileValid = hostileValid;
    }

    /// <summary>Lowercase, so it survives e-mail normalisation; scans match it case-insensitively.</summary>
    public string Marker { get; }

    public IReadOnlyList<PlannedMessage> Messages { get; }

    public int UniqueValid { get; }

    /// <summary>Every poison kind of the plan (corpus kinds and the run's marker-carrying ones), each sent at least once.</summary>
    public IReadOnlyList<PoisonKind> PoisonKinds { get; }

    public IReadOnlyList<HostileValidKind> HostileValid { get; }

    public string NoteOf(int index) => $"{Marker}-{index.ToString(CultureInfo.InvariantCulture)}";

    public static MessagePlan Create(int total, int seed, string runId, string repoRoot)
    {
        var random = new Random(seed);
        var marker = "vfchaos" + runId;
        var (poison, hostile) = PoisonSource.Load(repoRoot, marker);
        var poisonCount = Math.Max(poison.Count, total * 5 / 100);
        var exactCount = total * 10 / 100;
        var keyDupCount = total * 5 / 100;
        var uniqueCount = total - poisonCount - exactCount - keyDupCount - hostile.Count;
        if (uniqueCount < 10)
        {
            throw new ArgumentOutOfRangeException(nameof(total), total, $"Too few messages for {poison.Count} poison kinds and {hostile.Count} hostile-valid kinds; use at least {poison.Count + hostile.Count + 100}.");
        }

        var messages = new List<PlannedMessage>(total);
        var keyed = new List<PlannedMessage>();
        for (var i = 0; i < uniqueCount; i++)
        {
            // Every seventh message has no producer key: its key is its first SQS message id.
            var key = i % 7 == 3 ? null : $"chaos-{runId}-{i.ToString(CultureInfo.InvariantCulture)}";
            var message = new PlannedMessage(MessageKind.Unique, i, key, ValidBody(marker, i, key, reordered: false));
            messages.Add(message);
            if (key is not null)
            {
                keyed.Add(message);
            }
        }

        for (var i = 0; i < exactCount; i++)
        {
            var original = keyed[random.Next(keyed.Count)];
            messages.Add(original with { Kind = MessageKind.ExactDuplicate });
        }

        for (var i = 0; i < keyDupCount; i++)
        {
            var original = keyed[random.Next(keyed.Count)];
            messages.Add(new PlannedMessage(MessageKind.KeyDuplicate, original.Index, original.Key, ValidBody(marker, original.Index, original.Key, reordered: true)));
        }

        for (var i = 0; i < poisonCount; i++)
        {
            var kind = poison[i % poison.Count];
            messages.Add(new PlannedMessage(MessageKind.Poison, -1, null, kind.Body, Poison: kind));
        }

        foreach (var kind in hostile)
        {
            messages.Add(new PlannedMessage(MessageKind.HostileValid, -1, null, kind.Body, HostileKind: kind.Kind));
        }

        // Fisher-Yates with the seed: duplicates may arrive before their original, as on a real queue.
        for (var i = messages.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (messages[i], messages[j]) = (messages[j], messages[i]);
        }

        return new MessagePlan(marker, messages, uniqueCount, poison, hostile);
    }

    private static string ValidBody(string marker, int index, string? key, bool reordered)
    {
        var n = index.ToString(CultureInfo.InvariantCulture);
        var note = $"\"note\":\"{marker}-{n}\"";
        var data = reordered
            ? $"{{ \"sku\": \"SKU-{n}\", {note}, \"n\": {n} }}"
            : $"{{\"n\":{n},{note},\"sku\":\"SKU-{n}\"}}";
        var keyPart = key is null ? string.Empty : $"\"key\":\"{key}\",";
        var search = $"\"search\":{{\"email\":\"{marker}-{n}@example.test\"}}";
        var body = new StringBuilder();
        if (reordered)
        {
            // Same key, same data, another body: property order and spacing differ.
            body.Append("{ ").Append(search).Append(", \"data\": ").Append(data).Append(", ").Append(keyPart).Append(" \"type\": \"chaos.order\" }");
        }
        else
        {
            body.Append("{\"type\":\"chaos.order\",").Append(keyPart).Append("\"data\":").Append(data).Append(',').Append(search).Append('}');
        }

        return body.ToString();
    }
}
