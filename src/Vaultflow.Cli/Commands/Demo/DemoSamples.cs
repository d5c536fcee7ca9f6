using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Vaultflow.Cli.Commands.Send;
using Vaultflow.Core.Routing;

namespace Vaultflow.Cli.Commands.Demo;

/// <summary>
/// Loads the samples from events/: good messages, exact and producer-keyed duplicates, every poison file SQS
/// can carry (as is), one console input, and one DLQ message already at the replay limit (for the recursion
/// guard to refuse). Producer keys get a per-run suffix so the demo can run again against the same database
/// and still show fresh rows; poison bodies are never touched.
/// </summary>
internal static class DemoSamples
{
    /// <summary>The DLQ letter at the replay limit, relative to events/.</summary>
    public const string AtReplayLimit = "dlq/at-replay-limit.json";

    public static IReadOnlyList<DemoSample> Load(string eventsDirectory, string runId, int maxReplays, out IReadOnlyList<string> skipped)
    {
        var samples = new List<DemoSample>();
        samples.AddRange(Lines(eventsDirectory, "good/messages.jsonl", runId, duplicates: false));
        samples.AddRange(Lines(eventsDirectory, "duplicates/exact.jsonl", runId, duplicates: true));
        samples.AddRange(Lines(eventsDirectory, "duplicates/producer-keyed.jsonl", runId, duplicates: true));
        var notSent = new List<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(eventsDirectory, "poison")).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var bytes = File.ReadAllBytes(path);
            // SQS refuses empty bodies and bodies that are not valid Unicode: those two files only reach the parser by direct invoke.
            if (bytes.Length == 0 || !IsValidUtf8(bytes))
            {
                notSent.Add(name);
                continue;
            }

            samples.Add(new DemoSample("poison/" + name, DemoChannel.Queue, Encoding.UTF8.GetString(bytes), DemoExpectation.DeadLetter, null, null, name.Split('.')[0]));
        }

        var console = JsonNode.Parse(File.ReadAllText(Path.Combine(eventsDirectory, "console", "with-key.json")))!.AsObject();
        var message = console["message"]!.AsObject();
        var consoleKey = $"{(string?)message["key"] ?? "console"}-console-{runId}";
        message["key"] = consoleKey;
        samples.Add(new DemoSample("console/with-key.json", DemoChannel.Console, console.ToJsonString(), DemoExpectation.Persisted, consoleKey, null, null));
        samples.Add(Parked(eventsDirectory, runId, maxReplays));
        skipped = notSent;
        return samples;
    }

    /// <summary>
    /// The letter at the replay limit: its body (key with the run suffix) and vf-* attributes, with vf-replay-count
    /// set to the stack's limit (the file holds the default, 3) and a per-run vf-origin-id, so the demo's replay
    /// must refuse it (recursion-guard) and the observer can find it.
    /// </summary>
    private static DemoSample Parked(string eventsDirectory, string runId, int maxReplays)
    {
        var letter = JsonNode.Parse(File.ReadAllText(Path.Combine(eventsDirectory, AtReplayLimit)))!.AsObject();
        var body = (string?)letter["Body"] ?? throw new InvalidDataException($"events/{AtReplayLimit} has no Body: restore it from git.");
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in letter["MessageAttributes"]?.AsObject() ?? new JsonObject())
        {
            if ((string?)value?["StringValue"] is { } text)
            {
                attributes[name] = text;
            }
        }

        if (!attributes.TryGetValue(MessageAttributeNames.Failure, out var reason))
        {
            throw new InvalidDataException($"events/{AtReplayLimit} has no {MessageAttributeNames.Failure} attribute: restore it from git.");
        }

        var key = $"{(string?)JsonNode.Parse(body)!["key"] ?? "at-limit"}-{runId}";
        attributes[MessageAttributeNames.ReplayCount] = maxReplays.ToString(CultureInfo.InvariantCulture);
        attributes[MessageAttributeNames.OriginId] = "demo-at-limit-" + runId;
        return new DemoSample(AtReplayLimit, DemoChannel.DeadLetterQueue, KeyOverride.Apply(body, key), DemoExpectation.DeadLetter, key, null, reason, attributes);
    }

    private static IEnumerable<DemoSample> Lines(string eventsDirectory, string relative, string runId, bool duplicates)
    {
        var plan = SendInputReader.Read(File.ReadAllBytes(Path.Combine(eventsDirectory, relative)));
        if (plan.Invalid.Count > 0)
        {
            throw new InvalidDataException($"events/{relative} line {plan.Invalid[0].Line} breaks the contract ({plan.Invalid[0].Reason}): fix the sample (tests/Vaultflow.Cli.Tests/Commands/EventSamplesTests.cs checks it).");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in plan.Valid)
        {
            var key = (string?)JsonNode.Parse(candidate.Body)!["key"];
            var source = $"{relative}:{candidate.Line}";
            if (key is null)
            {
                yield return new DemoSample(source, DemoChannel.Queue, candidate.Body, DemoExpectation.Persisted, null, null, null);
                continue;
            }

            var runKey = $"{key}-{runId}";
            var body = KeyOverride.Apply(candidate.Body, runKey);
            var expected = duplicates && !seen.Add(runKey) ? DemoExpectation.DuplicateGroup : DemoExpectation.Persisted;
            yield return new DemoSample(source, DemoChannel.Queue, body, expected, runKey, duplicates ? runKey : null, null);
        }
    }

    private static bool IsValidUtf8(byte[] bytes)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
