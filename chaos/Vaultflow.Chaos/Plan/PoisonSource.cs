using System.Text;

namespace Vaultflow.Chaos.Plan;

/// <summary>
/// The poison bodies: every events/poison file an SQS queue can carry (SQS refuses empty bodies and
/// invalid Unicode, so those files are left to direct invokes), plus a few chaos-made kinds that carry
/// the plaintext marker, so a rejected message that leaked into a log would be found.
/// </summary>
internal static class PoisonSource
{
    public static IReadOnlyList<(string Kind, string Reason, string Body)> Load(string directory, string marker)
    {
        var list = new List<(string, string, string)>();
        if (Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                var bytes = File.ReadAllBytes(file);
                if (bytes.Length == 0 || name.EndsWith(".bin", StringComparison.Ordinal) || string.IsNullOrWhiteSpace(Encoding.UTF8.GetString(bytes)))
                {
                    continue;
                }

                var reason = name[..name.IndexOf('.', StringComparison.Ordinal)];
                list.Add((Path.GetFileNameWithoutExtension(name), reason, Encoding.UTF8.GetString(bytes)));
            }
        }

        list.Add(("chaos.truncated-with-marker", "truncated-json", $"{{\"type\":\"chaos.order\",\"data\":{{\"note\":\"{marker}-poison"));
        list.Add(("chaos.unknown-field-with-marker", "unknown-field", $"{{\"type\":\"chaos.order\",\"data\":{{\"note\":\"{marker}-poison\"}},\"secret\":\"{marker}-poison\"}}"));
        list.Add(("chaos.data-not-object-with-marker", "data-not-object", $"{{\"type\":\"chaos.order\",\"data\":\"{marker}-poison\"}}"));
        list.Add(("chaos.email-not-string-with-marker", "wrong-type", $"{{\"type\":\"chaos.order\",\"data\":{{\"note\":\"{marker}-poison\"}},\"search\":{{\"email\":42}}}}"));
        return list;
    }
}
