namespace Vaultflow.Lambda.Annotations;

/// <summary>
/// Names the source-generated <c>JsonSerializerContext</c> the dispatcher uses for inputs and outputs:
/// <c>[assembly: LambdaSerializer(typeof(HandlerJsonContext))]</c>, or on a handler class to override
/// the assembly's choice for that class. Every input and output type must be reachable from the
/// context's <c>[JsonSerializable]</c> types; no reflection-based serialization is ever used.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LambdaSerializerAttribute : Attribute
{
    public LambdaSerializerAttribute(Type serializerContext)
    {
        SerializerContext = serializerContext;
    }

    public Type SerializerContext { get; }
}
