namespace Tuner.Contracts.Jobs;

/// <summary>The job's <c>tokenizer</c> (PRODUCT.md §6). Text classification: the <paramref name="VocabSize"/> most
/// frequent words of the training part (default 10,000; id 0 pads, 1 is out-of-vocabulary), sequences cut or padded
/// to <paramref name="MaxLength"/> (default 200) at the front, as Keras' <c>pad_sequences</c>. Both tasks that read
/// text: <paramref name="Lowercase"/> (default true for classify, as Keras' <c>Tokenizer</c>; false for generate, whose
/// vocabulary is every character of the training part).</summary>
public sealed record TokenizerSpec(int VocabSize = TokenizerSpec.DefaultVocabSize, int MaxLength = TokenizerSpec.DefaultMaxLength, bool Lowercase = true)
{
    public const int DefaultVocabSize = 10_000;
    public const int DefaultMaxLength = 200;

    /// <summary>Ids a word vocabulary keeps for itself before its words: 0 pads, 1 is out-of-vocabulary.</summary>
    public const int ReservedIds = 2;
}
