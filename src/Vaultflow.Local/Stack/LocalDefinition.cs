using System.Text.Json.Nodes;

namespace Vaultflow.Local.Stack;

/// <summary>
/// Adapts a state machine definition to what aws-local-stepfunctions 3.x runs, without changing its meaning.
/// The only adaptation: <c>"ResultPath": "$"</c> is dropped, because that library writes the result into a
/// property named "$" instead of replacing the state, while the ASL specification makes "$" the default.
/// </summary>
internal static class LocalDefinition
{
    public static string Adapt(string definition)
    {
        var root = JsonNode.Parse(definition) ?? throw new LocalStackException("the state machine definition is empty.");
        Walk(root);
        return root.ToJsonString();
    }

    private static void Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["ResultPath"] is JsonValue path && path.TryGetValue<string>(out var value) && value == "$")
                {
                    obj.Remove("ResultPath");
                }

                foreach (var (_, child) in obj.ToList())
                {
                    Walk(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Walk(child);
                }

                break;
        }
    }
}
