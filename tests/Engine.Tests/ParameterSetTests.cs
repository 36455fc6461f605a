using Tuner.Engine.Layers;

namespace Tuner.Engine.Tests;

public sealed class ParameterSetTests
{
    [Fact]
    public void Declaring_past_one_arrays_length_is_refused_naming_the_tensor_not_wrapped_around()
    {
        var parameters = new ParameterSet();
        parameters.Declare("weight_ih_l0", 32_768, 32_768, isKernel: true);   // 2³⁰ values

        // 2³¹ in all: one past int.MaxValue, where the count wrapped to a negative array size (an OverflowException).
        var e = Assert.Throws<ArgumentException>(() => parameters.Declare("weight_hh_l0", 32_768, 32_768, isKernel: true));

        Assert.Contains("'weight_hh_l0' [32768][32768] takes the model past", e.Message);
    }
}
