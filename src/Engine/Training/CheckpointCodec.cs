using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Tuner.Engine.Layers;
using Tuner.Engine.Models;
using Tuner.Engine.Optimizers;
using Tuner.Engine.Rng;

namespace Tuner.Engine.Training;

/// <summary>Everything needed to continue training exactly where it stopped.</summary>
internal sealed record CheckpointContent(
    ModelSpec Model,
    OptimizerSpec Optimizer,
    int BatchSize,
    int EpochsCompleted,
    long OptimizerSteps,
    Xoshiro256State Rng,
    IReadOnlyList<EpochRecord> History,
    float[] Parameters,
    float[][] OptimizerState);

/// <summary>The checkpoint's binary format: little-endian, versioned, SHA-256-sealed.
/// <code>
/// "TUNERCKP" u16 version (2)
/// model: u8 cell, i32 inputSize, i32 units, i32 layers, u8 activation, f32 dropout, f32 recurrentDropout, f32 l2,
///        u8 bidirectional, i32 embeddingVocabulary (0: no embedding), i32 embeddingDimension, u8 head, i32 classes
/// optimizer: u8 kind, f32 lr, β1, β2, ε, ρ, momentum, u8 hasClip, f32 clip
/// i32 batchSize, i32 epochsCompleted, i64 optimizerSteps, 4×u64 rng
/// i32 epochs, then per epoch: i32 epoch, f64 loss, u8 hasVal, f64 valLoss, f64 seconds,
///        u8 hasAccuracy, f64 accuracy, u8 hasValAccuracy, f64 valAccuracy
/// i32 parameterCount, f32[parameterCount]
/// i32 stateSlots, then f32[parameterCount] per slot
/// 32 bytes SHA-256 of everything before
/// </code>
/// Version 1 (before embeddings, bidirectional layers and classification heads) lacks the model's
/// second line and the epochs' accuracies; it still reads, as a regression model.</summary>
internal static class CheckpointCodec
{
    private static ReadOnlySpan<byte> Magic => "TUNERCKP"u8;
    public const ushort Version = 2;
    private const ushort FirstVersion = 1;

    public static byte[] Encode(CheckpointContent c)
    {
        using var stream = new MemoryStream(96 + (c.Parameters.Length * (1 + c.OptimizerState.Length) * 4) + (c.History.Count * 50));
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write((byte)c.Model.Cell);
            w.Write(c.Model.InputSize);
            w.Write(c.Model.Units);
            w.Write(c.Model.Layers);
            w.Write((byte)c.Model.Activation);
            w.Write(c.Model.Dropout);
            w.Write(c.Model.RecurrentDropout);
            w.Write(c.Model.L2);
            w.Write(c.Model.Bidirectional);
            w.Write(c.Model.Embedding?.Vocabulary ?? 0);
            w.Write(c.Model.Embedding?.Dimension ?? 0);
            w.Write((byte)c.Model.Head);
            w.Write(c.Model.Classes);
            var o = c.Optimizer;
            w.Write((byte)o.Kind);
            w.Write(o.LearningRate);
            w.Write(o.Beta1);
            w.Write(o.Beta2);
            w.Write(o.Epsilon);
            w.Write(o.Rho);
            w.Write(o.Momentum);
            w.Write(o.ClipNorm.HasValue);
            w.Write(o.ClipNorm ?? 0f);
            w.Write(c.BatchSize);
            w.Write(c.EpochsCompleted);
            w.Write(c.OptimizerSteps);
            w.Write(c.Rng.S0);
            w.Write(c.Rng.S1);
            w.Write(c.Rng.S2);
            w.Write(c.Rng.S3);
            w.Write(c.History.Count);
            foreach (var e in c.History)
            {
                w.Write(e.Epoch);
                w.Write(e.Loss);
                w.Write(e.ValLoss.HasValue);
                w.Write(e.ValLoss ?? 0);
                w.Write(e.Seconds);
                WriteOptional(w, e.Accuracy);
                WriteOptional(w, e.ValAccuracy);
            }
            WriteFloats(w, c.Parameters);
            w.Write(c.OptimizerState.Length);
            foreach (var slot in c.OptimizerState) w.Write(MemoryMarshal.AsBytes(slot.AsSpan()));
        }
        var body = stream.GetBuffer().AsSpan(0, (int)stream.Length);
        var hash = SHA256.HashData(body);
        stream.Write(hash);
        return stream.ToArray();
    }

    public static CheckpointContent Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < Magic.Length + 2 + 32 || !data[..Magic.Length].SequenceEqual(Magic))
            throw new InvalidDataException("not a Tuner checkpoint (bad header)");
        var body = data[..^32];
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(data[^32..]))
            throw new InvalidDataException("checkpoint is corrupt (checksum mismatch)");
        using var stream = new MemoryStream(body.ToArray(), writable: false);
        using var r = new BinaryReader(stream);
        r.ReadBytes(Magic.Length);
        ushort version = r.ReadUInt16();
        if (version is < FirstVersion or > Version)
            throw new InvalidDataException($"checkpoint format version {version} is not supported (this Tuner reads versions {FirstVersion} to {Version})");
        var model = new ModelSpec((CellType)r.ReadByte(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), (Activation)r.ReadByte(),
            r.ReadSingle(), r.ReadSingle(), r.ReadSingle());
        if (version >= 2)
        {
            bool bidirectional = r.ReadBoolean();
            int vocabulary = r.ReadInt32(), dimension = r.ReadInt32();
            var head = (HeadKind)r.ReadByte();
            int classes = r.ReadInt32();
            model = model with
            {
                Bidirectional = bidirectional,
                Embedding = vocabulary == 0 ? null : new EmbeddingSpec(vocabulary, dimension),
                Head = head,
                Classes = classes,
            };
        }
        var kind = (OptimizerKind)r.ReadByte();
        float lr = r.ReadSingle(), b1 = r.ReadSingle(), b2 = r.ReadSingle(), eps = r.ReadSingle(), rho = r.ReadSingle(), momentum = r.ReadSingle();
        bool hasClip = r.ReadBoolean();
        float clip = r.ReadSingle();
        var optimizer = new OptimizerSpec(kind, lr, b1, b2, eps, rho, momentum, hasClip ? clip : null);
        int batchSize = r.ReadInt32(), epochs = r.ReadInt32();
        long steps = r.ReadInt64();
        var rng = new Xoshiro256State(r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64());
        int historyCount = r.ReadInt32();
        if (historyCount < 0 || historyCount > 1_000_000) throw new InvalidDataException($"checkpoint history length {historyCount} is invalid");
        var history = new List<EpochRecord>(historyCount);
        for (int i = 0; i < historyCount; i++)
        {
            int epoch = r.ReadInt32();
            double loss = r.ReadDouble();
            bool hasVal = r.ReadBoolean();
            double val = r.ReadDouble();
            double seconds = r.ReadDouble();
            double? accuracy = version >= 2 ? ReadOptional(r) : null;
            double? valAccuracy = version >= 2 ? ReadOptional(r) : null;
            history.Add(new EpochRecord(epoch, loss, hasVal ? val : null, seconds, accuracy, valAccuracy));
        }
        var parameters = ReadFloats(r, stream);
        int slots = r.ReadInt32();
        if (slots is < 0 or > 4) throw new InvalidDataException($"checkpoint optimizer state has {slots} slots");
        var state = new float[slots][];
        for (int s = 0; s < slots; s++)
        {
            state[s] = new float[parameters.Length];
            r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(state[s].AsSpan()));
        }
        if (stream.Position != stream.Length) throw new InvalidDataException("checkpoint has trailing bytes");
        return new CheckpointContent(model, optimizer, batchSize, epochs, steps, rng, history, parameters, state);
    }

    private static void WriteOptional(BinaryWriter w, double? value)
    {
        w.Write(value.HasValue);
        w.Write(value ?? 0);
    }

    private static double? ReadOptional(BinaryReader r)
    {
        bool has = r.ReadBoolean();
        double value = r.ReadDouble();
        return has ? value : null;
    }

    private static void WriteFloats(BinaryWriter w, float[] values)
    {
        w.Write(values.Length);
        w.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static float[] ReadFloats(BinaryReader r, Stream stream)
    {
        int count = r.ReadInt32();
        if (count < 0 || (long)count * 4 > stream.Length - stream.Position)
            throw new InvalidDataException($"checkpoint parameter count {count} does not fit the data");
        var values = new float[count];
        stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}
