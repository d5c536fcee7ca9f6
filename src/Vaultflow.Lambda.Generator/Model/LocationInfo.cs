using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Vaultflow.Lambda.Generator.Model;

/// <summary>A source location without a reference to the syntax tree, so cached models don't pin compilations.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null)
        {
            return null;
        }

        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }
}
