"""`contractgen verify`: type-check a frontend against the contract just generated, explain each error
by the contract change it comes from, and (`--mutations`) measure how much drift the frontend catches."""
