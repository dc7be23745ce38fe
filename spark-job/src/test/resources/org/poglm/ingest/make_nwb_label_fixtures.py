"""Writes the three small NWB-style fixtures that NwbUnitsReaderTest reads for unit labels.

They hold HDF5 object references (an electrodes table's `group` column, a units table's
`electrode_group` column, the `table` attribute of a DynamicTableRegion), which jhdf, the tests'
HDF5 writer, cannot write; libhdf5 through h5py writes them as pynwb does. Only the parts of NWB 2
that the reader uses are written (no session metadata). Run from this folder with h5py 3 and
numpy installed, then commit the .nwb files:

    python3 make_nwb_label_fixtures.py
"""
import h5py
import numpy as np

TEXT = h5py.string_dtype()


def nwb_file(name):
    f = h5py.File(name, "w", track_order=True)
    f.attrs["nwb_version"] = "2.4.0"
    f.attrs["neurodata_type"] = "NWBFile"
    return f


def electrode_group(ephys, name, location):
    g = ephys.create_group(name)
    g.attrs["neurodata_type"] = "ElectrodeGroup"
    g.attrs["description"] = "test group"
    g.attrs["location"] = location
    return g


def units_table(f, ids, spikes_per_unit):
    units = f.create_group("units")
    units.attrs["neurodata_type"] = "Units"
    times = [0.1 * (k + 1) for n in spikes_per_unit for k in range(n)]
    units.create_dataset("spike_times", data=np.array(times, dtype="<f8"))
    units.create_dataset("spike_times_index", data=np.cumsum(spikes_per_unit).astype("<i8"))
    units.create_dataset("id", data=np.array(ids, dtype="<i8"))
    return units


# 1. Units -> electrodes (a ragged DynamicTableRegion) -> electrodes table -> ElectrodeGroups.
#    group_name says "all" for every electrode, as some writers do: the group references win.
#    Electrode 103 has a blank location: its group's location attribute (DG) stands in.
with nwb_file("nwb-electrode-references.nwb") as f:
    ephys = f.create_group("general/extracellular_ephys")
    shank_a = electrode_group(ephys, "shankA", "CA1")
    shank_b = electrode_group(ephys, "shankB", "CA3")
    probe_c = electrode_group(ephys, "probeC", "DG")
    el = ephys.create_group("electrodes")
    el.attrs["neurodata_type"] = "DynamicTable"
    el.create_dataset("id", data=np.array([100, 101, 102, 103], dtype="<i8"))
    el.create_dataset("location", data=["CA1", "CA1", "CA3", ""], dtype=TEXT)
    el.create_dataset("group", data=[shank_a.ref, shank_a.ref, shank_b.ref, probe_c.ref], dtype=h5py.ref_dtype)
    el.create_dataset("group_name", data=["all", "all", "all", "all"], dtype=TEXT)
    # Units in file order 7, 3, 5, 9 with electrodes rows [0], [2], [1, 2], [3].
    units = units_table(f, [7, 3, 5, 9], [2, 3, 1, 4])
    region = units.create_dataset("electrodes", data=np.array([0, 2, 1, 2, 3], dtype="<i8"))
    region.attrs["neurodata_type"] = "DynamicTableRegion"
    region.attrs.create("table", el.ref, dtype=h5py.ref_dtype)
    units.create_dataset("electrodes_index", data=np.array([1, 2, 4, 5], dtype="<i8"))

# 2. Units -> electrode_group references, and a units location column that wins where it is set.
with nwb_file("nwb-electrode-group-column.nwb") as f:
    ephys = f.create_group("general/extracellular_ephys")
    t1 = electrode_group(ephys, "tetrode1", "LEC")
    t2 = electrode_group(ephys, "tetrode2", "MEC")
    units = units_table(f, [0, 1, 2], [1, 2, 1])
    units.create_dataset("electrode_group", data=[t2.ref, t1.ref, t2.ref], dtype=h5py.ref_dtype)
    units.create_dataset("location", data=["", "PaS", ""], dtype=TEXT)

# 3. An electrodes table outside /general/extracellular_ephys, found only through the `table`
#    reference of units/electrodes.
with nwb_file("nwb-electrodes-elsewhere.nwb") as f:
    f.create_group("general/extracellular_ephys")
    el = f.create_group("analysis/probe_electrodes")
    el.attrs["neurodata_type"] = "DynamicTable"
    el.create_dataset("id", data=np.array([0, 1], dtype="<i8"))
    el.create_dataset("location", data=["V1", "V2"], dtype=TEXT)
    units = units_table(f, [1, 2], [1, 1])
    region = units.create_dataset("electrodes", data=np.array([1, 0], dtype="<i8"))
    region.attrs["neurodata_type"] = "DynamicTableRegion"
    region.attrs.create("table", el.ref, dtype=h5py.ref_dtype)
