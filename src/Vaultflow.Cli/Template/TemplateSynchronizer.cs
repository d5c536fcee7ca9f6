using System.Text.Json;
using System.Text.Json.Nodes;
using Vaultflow.Lambda.Hosting;

namespace Vaultflow.Cli.Template;

/// <summary>
/// Brings a SAM template's function resources in line with the manifest, in place. Only resources
/// marked <c>Metadata.Vaultflow.Owner = "template-sync"</c> are touched; a hand-written resource with
/// the logical id sync wants is a conflict and is left exactly as it is. Property order and every
/// other part of the template are preserved; new resources and properties are appended.
/// </summary>
internal static class TemplateSynchronizer
{
    public static TemplateSyncResult Apply(JsonObject template, IReadOnlyList<LambdaFunctionDescriptor> manifest, string codeUri)
    {
        var drift = new List<TemplateDrift>();
        var conflicts = new List<string>();
        CheckManifest(manifest, conflicts);
        if (conflicts.Count > 0)
        {
            return new TemplateSyncResult(drift, conflicts);
        }

        if (template["Transform"] is null)
        {
            drift.Add(new TemplateDrift("Transform", Describe(TemplateConventions.SamTransform), "nothing"));
            template["Transform"] = TemplateConventions.SamTransform;
        }

        if (template["Resources"] is not JsonObject resources)
        {
            if (template["Resources"] is not null)
            {
                conflicts.Add("Resources is not a JSON object. Fix the template by hand.");
                return new TemplateSyncResult(drift, conflicts);
            }

            resources = [];
            template["Resources"] = resources;
        }

        EnsureArchitectureParameter(template, drift, conflicts);
        foreach (var function in manifest.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            SyncFunction(resources, function, codeUri, drift, conflicts);
        }

        RemoveStale(resources, manifest, drift);
        return new TemplateSyncResult(drift, conflicts);
    }

    /// <summary>
    /// Functions take their architecture from the template parameter, so one template deploys either build.
    /// A missing parameter is added (default arm64) just before Resources; an existing one is never changed.
    /// </summary>
    private static void EnsureArchitectureParameter(JsonObject template, List<TemplateDrift> drift, List<string> conflicts)
    {
        if (template["Parameters"] is not JsonObject parameters)
        {
            if (template["Parameters"] is not null)
            {
                conflicts.Add("Parameters is not a JSON object. Fix the template by hand.");
                return;
            }

            parameters = [];
            template.Insert(Math.Max(0, template.IndexOf("Resources")), "Parameters", parameters);
        }

        if (!parameters.ContainsKey(TemplateConventions.ArchitectureParameter))
        {
            var parameter = FunctionResource.ArchitectureParameter();
            parameters[TemplateConventions.ArchitectureParameter] = parameter;
            drift.Add(new TemplateDrift($"Parameters.{TemplateConventions.ArchitectureParameter}", parameter.ToJsonString(), "nothing"));
        }
    }

    private static void CheckManifest(IReadOnlyList<LambdaFunctionDescriptor> manifest, List<string> conflicts)
    {
        foreach (var group in manifest.GroupBy(f => TemplateConventions.LogicalId(f.Name), StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            conflicts.Add($"Functions {string.Join(", ", group.Select(f => "'" + f.Name + "'"))} all map to logical id '{group.Key}'. Rename one of them in its [LambdaFunction] attribute.");
        }
    }

    private static void SyncFunction(
        JsonObject resources,
        LambdaFunctionDescriptor function,
        string codeUri,
        List<TemplateDrift> drift,
        List<string> conflicts)
    {
        var logicalId = TemplateConventions.LogicalId(function.Name);
        var owned = FunctionResource.OwnedValues(function, codeUri);
        if (!resources.TryGetPropertyValue(logicalId, out var existing) || existing is null)
        {
            var created = new JsonObject();
            foreach (var (path, value) in owned)
            {
                Set(created, path, value);
            }

            resources[logicalId] = created;
            drift.Add(new TemplateDrift($"Resources.{logicalId}", $"function resource for '{function.Name}'", "nothing"));
            return;
        }

        if (existing is not JsonObject resource || Owner(resource) is not { } ownerFunction)
        {
            conflicts.Add(
                $"Resources.{logicalId} exists but was written by hand (no Metadata.{TemplateConventions.MetadataKey}.{TemplateConventions.OwnerKey} = \"{TemplateConventions.OwnerValue}\"), "
                + $"so template sync will not overwrite it for function '{function.Name}'. Rename or delete that resource, or add the marker to hand it over to template sync.");
            return;
        }

        if (ownerFunction != function.Name)
        {
            conflicts.Add($"Resources.{logicalId} is owned by template sync for function '{ownerFunction}', not '{function.Name}'. Delete the resource and run template sync again.");
            return;
        }

        foreach (var (path, value) in owned)
        {
            var actual = Get(resource, path);
            if (!JsonNode.DeepEquals(actual, value))
            {
                Diff($"Resources.{logicalId}.{string.Join('.', path)}", value, actual, drift);
                Set(resource, path, value);
            }
        }

        RemoveIfEmpty(resource, ["Properties", "Events"]);
    }

    private static void RemoveStale(JsonObject resources, IReadOnlyList<LambdaFunctionDescriptor> manifest, List<TemplateDrift> drift)
    {
        var names = manifest.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var stale = resources
            .Where(r => r.Value is JsonObject resource && Owner(resource) is { } function && !names.Contains(function))
            .Select(r => (r.Key, Function: Owner((JsonObject)r.Value!)!))
            .ToList();
        foreach (var (logicalId, function) in stale)
        {
            resources.Remove(logicalId);
            drift.Add(new TemplateDrift($"Resources.{logicalId}", "nothing", $"function '{function}', which the manifest no longer has"));
        }
    }

    private static string? Owner(JsonObject resource) =>
        resource["Metadata"] is JsonObject metadata
        && metadata[TemplateConventions.MetadataKey] is JsonObject marker
        && marker[TemplateConventions.OwnerKey] is JsonValue owner
        && owner.GetValueKind() == JsonValueKind.String
        && owner.GetValue<string>() == TemplateConventions.OwnerValue
        && marker[TemplateConventions.FunctionKey] is JsonValue function
        && function.GetValueKind() == JsonValueKind.String
            ? function.GetValue<string>()
            : null;

    private static JsonNode? Get(JsonObject root, string[] path)
    {
        JsonNode? current = root;
        foreach (var key in path)
        {
            if (current is not JsonObject obj || !obj.TryGetPropertyValue(key, out current))
            {
                return null;
            }
        }

        return current;
    }

    private static void Set(JsonObject root, string[] path, JsonNode? value)
    {
        var current = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            if (current[path[i]] is not JsonObject next)
            {
                if (value is null)
                {
                    return;
                }

                next = [];
                current[path[i]] = next;
            }

            current = next;
        }

        if (value is null)
        {
            current.Remove(path[^1]);
        }
        else
        {
            current[path[^1]] = value.DeepClone();
        }
    }

    private static void RemoveIfEmpty(JsonObject root, string[] path)
    {
        if (Get(root, path) is JsonObject { Count: 0 } && Get(root, path[..^1]) is JsonObject parent)
        {
            parent.Remove(path[^1]);
        }
    }

    /// <summary>Reports each differing leaf, so "check" names MemorySize rather than the whole resource.</summary>
    private static void Diff(string path, JsonNode? expected, JsonNode? actual, List<TemplateDrift> drift)
    {
        if (expected is JsonObject e && actual is JsonObject a)
        {
            foreach (var key in e.Select(p => p.Key).Concat(a.Select(p => p.Key)).Distinct(StringComparer.Ordinal))
            {
                var left = e[key];
                var right = a[key];
                if (!JsonNode.DeepEquals(left, right))
                {
                    Diff(path + "." + key, left, right, drift);
                }
            }

            return;
        }

        drift.Add(new TemplateDrift(path, Describe(expected), Describe(actual)));
    }

    private static string Describe(JsonNode? node) => node is null ? "nothing" : node.ToJsonString();

    private static string Describe(string value) => JsonValue.Create(value).ToJsonString();
}
